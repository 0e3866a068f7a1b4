#!/usr/bin/env python3
# Fills a demo ledger with orders in every state, through paydesk-cli and
# the fake MixPay server's payment page: the same path a payer's browser
# takes. Used by `build-aux/run --demo`.
#
#   demo-orders.py PAYDESK_CLI PAY_BASE
#
# PAYDESK_DB, PAYDESK_API_BASE, PAYDESK_PAY_BASE and the GSettings
# environment must already point at the demo.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import subprocess
import sys
import urllib.parse
import urllib.request

cli, pay_base = sys.argv[1], sys.argv[2]


def paydesk(*args):
    return subprocess.run([cli, *args], check=True, capture_output=True, text=True).stdout


def new_order(order_id, amount, note, remark=None):
    args = ["new", "--json", "--order-id", order_id, "--amount", amount, "--note", note]
    if remark:
        args += ["--remark", remark]
    return json.loads(paydesk(*args))


def open_link(link):
    # What the payer's browser does: the fake server learns the order.
    with urllib.request.urlopen(link) as answer:
        answer.read()


def press(order, action):
    # A button of the fake payment page, which then shows the page again.
    parts = urllib.parse.urlsplit(order["link"])
    back = parts.path + "?" + parts.query
    form = urllib.parse.urlencode({"traceId": order["trace_id"], "action": action, "back": back})
    with urllib.request.urlopen(pay_base + "/_pay/action", data=form.encode()) as answer:
        answer.read()


def tamper(order, amount):
    # The payer edits the amount in the address bar before paying.
    parts = urllib.parse.urlsplit(order["link"])
    query = urllib.parse.parse_qs(parts.query)
    query["quoteAmount"] = [amount]
    link = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query, doseq=True)))
    open_link(link)


waiting = new_order("demo-waiting-01", "12.5", "Walk-in customer", "Two coffees")
confirming = new_order("demo-confirm-02", "40", "Bob, bicycle repair")
less = new_order("demo-less-03", "25", "Carol, catering deposit")
paid = new_order("demo-paid-04", "10", "Alice, table 4", "Lunch")
failed = new_order("demo-failed-05", "7.2", "Dave, online order")
mismatch = new_order("demo-tampered-06", "150", "Erin, jacket")
cancelled = new_order("demo-cash-07", "18", "Frank, paid in cash")

for order in (waiting, confirming, less, paid, failed):
    open_link(order["link"])
press(confirming, "confirming")
press(less, "paid_less")
press(paid, "success")
press(failed, "failed")
tamper(mismatch, "0.01")
press(mismatch, "success")
paydesk("cancel", "demo-cash-07", "--reason", "Customer paid in cash")

# One round of checks, so the app opens with every state in the list.
paydesk("poll", "--once")
print(f"Demo orders ready; open {waiting['link']} to pay one.")
