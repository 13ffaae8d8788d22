//! The receipt a customer takes away: for a payment, for its reprint (COPY) and for a void.

use crate::font::Weight;
use crate::format;
use crate::layout::{Rule, Size, Slip};
use chrono::{DateTime, FixedOffset};
use infora_domain::Money;

/// Everything a receipt prints, as the store knows it when the payment is saved or reprinted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub shop_name: String,
    pub desk_code: String,
    /// This desk's receipt number, e.g. `K7QF2-20261203-000042`.
    pub number: String,
    /// When the payment (or the void) was recorded, in the desk's local time.
    pub issued_at: DateTime<FixedOffset>,
    pub customer_name: String,
    pub customer_phone: String,
    /// The payment's amount. On a void, the amount of the payment it reverses (the receipt prints
    /// it as a reversal, whatever its sign here).
    pub amount: Money,
    /// The currency code printed before every amount, e.g. `KES`.
    pub currency: String,
    /// How it was paid, as the cashier reads it: `Cash`, `M-Pesa`, `Bank`, `Card`, `Other`.
    pub method: String,
    /// The M-Pesa transaction code or the bank's reference.
    pub reference: Option<String>,
    pub note: Option<String>,
    /// The customer's balance after this payment (or void): positive is owed, negative is credit.
    pub new_balance: Money,
    /// The operator who took the payment (or voided it).
    pub cashier: String,
    /// A reprint: marked COPY, top and bottom.
    pub copy: bool,
    /// Set when this receipt records a void rather than a payment.
    pub void: Option<VoidOf>,
}

/// The payment a void reverses, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoidOf {
    pub original_number: String,
    pub reason: String,
}

impl Receipt {
    /// The document's title in a PDF viewer and the print queue.
    pub(crate) fn title(&self) -> String {
        match (&self.void, self.copy) {
            (Some(_), false) => format!("Void receipt {}", self.number),
            (Some(_), true) => format!("Void receipt {} (copy)", self.number),
            (None, false) => format!("Receipt {}", self.number),
            (None, true) => format!("Receipt {} (copy)", self.number),
        }
    }

    pub(crate) fn slip(&self) -> Slip {
        let mut slip = Slip::default();
        slip.centred(&self.shop_name, Size::Heading, Weight::Bold, 2);
        slip.centred(
            &format!("Desk {}", self.desk_code),
            Size::Small,
            Weight::Regular,
            1,
        );
        slip.gap();
        match &self.void {
            Some(_) => {
                slip.banner("VOID", true);
                slip.centred("Payment reversed", Size::Body, Weight::Bold, 1);
            }
            None => slip.centred("PAYMENT RECEIPT", Size::Body, Weight::Bold, 1),
        }
        if self.copy {
            slip.banner("COPY", false);
        }
        slip.rule(Rule::Dashed);

        slip.pair("Receipt", &self.number, Weight::Bold, 2);
        slip.pair(
            "Date",
            &format::date_time(self.issued_at),
            Weight::Regular,
            1,
        );
        slip.pair("Cashier", &self.cashier, Weight::Regular, 2);
        if let Some(void) = &self.void {
            slip.pair("Reverses", &void.original_number, Weight::Bold, 2);
            slip.pair("Reason", &void.reason, Weight::Regular, 3);
        }
        slip.rule(Rule::Dashed);

        slip.pair("Customer", &self.customer_name, Weight::Bold, 2);
        slip.pair("Phone", &self.customer_phone, Weight::Regular, 1);
        slip.rule(Rule::Dashed);

        slip.pair("Method", &self.method, Weight::Regular, 1);
        if let Some(reference) = &self.reference {
            slip.pair("Reference", reference, Weight::Bold, 2);
        }
        if let Some(note) = &self.note {
            slip.text(&format!("Note: {note}"), Size::Small, Weight::Regular, 4);
        }
        slip.rule(Rule::Double);
        let cents = i128::from(self.amount.cents());
        if self.void.is_some() {
            let reversed = format::cents(-cents.abs(), &self.currency);
            slip.total("AMOUNT REVERSED", &reversed);
        } else {
            slip.total("AMOUNT PAID", &format::cents(cents, &self.currency));
        }
        slip.rule(Rule::Double);

        let (label, balance) = format::balance(self.new_balance, &self.currency);
        slip.pair(label, &balance, Weight::Bold, 1);
        slip.rule(Rule::Dashed);

        if self.copy {
            slip.centred(
                "COPY - reprint, not a new payment",
                Size::Small,
                Weight::Bold,
                2,
            );
        } else if let Some(void) = &self.void {
            slip.centred(
                &format!("Receipt {} is void", void.original_number),
                Size::Small,
                Weight::Regular,
                2,
            );
        } else {
            slip.centred("Thank you", Size::Small, Weight::Regular, 1);
        }
        slip
    }
}
