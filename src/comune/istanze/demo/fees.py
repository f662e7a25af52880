"""The demo's fees (pagoPA through the sandbox started by ``make start``).

* "Occupazione temporanea di suolo pubblico": paid at submission («Paga e
  invia»): € 16 of stamp-like fixed part plus a table by surface and a
  supplement for dehors;
* "Richiesta di accesso agli atti": paid after acceptance, by the kind of
  copy (viewing is free).

The Comune's account is a sample IBAN; the taxonomy codes are examples of
the pagoPA taxonomy's shape.
"""

DEMO_IBAN = "IT60X0542811101000000123456"

FEES = {
    "occupazione-suolo": dict(
        fee_when="submission", fee_description="Canone occupazione suolo pubblico",
        fee_amount="16", fee_due_days=10, fee_iban=DEMO_IBAN, fee_category="9/0101105TS/",
        fee_rules=[
            {"kind": "range", "field": "metri_quadri", "minimum": "0", "maximum": "10",
             "amount": "25"},
            {"kind": "range", "field": "metri_quadri", "minimum": "10", "maximum": "50",
             "amount": "60"},
            {"kind": "range", "field": "metri_quadri", "minimum": "50", "maximum": "",
             "amount": "150"},
            {"kind": "option", "field": "motivo", "option": "Dehors", "amount": "40"},
        ]),
    "accesso-atti": dict(
        fee_when="acceptance", fee_description="Rimborso costi di riproduzione atti",
        fee_amount="0", fee_due_days=30, fee_iban=DEMO_IBAN, fee_category="9/0101108TS/",
        fee_rules=[
            {"kind": "option", "field": "modalita", "option": "Copia semplice",
             "amount": "5"},
            {"kind": "option", "field": "modalita", "option": "Copia conforme",
             "amount": "16"},
        ]),
}
