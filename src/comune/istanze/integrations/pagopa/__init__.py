"""pagoPA: debt positions (GPD), receipts, reporting flows (FdR), Checkout, notices."""
