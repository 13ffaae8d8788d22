//! A till slip: blocks stacked in one column, laid out for a paper into positioned drawing.
//!
//! Receipts and shift reports say *what* goes on the slip (a title, label–value rows, rules, a
//! big total); this module decides *where*, per paper, so that a long name wraps or ends in an
//! ellipsis instead of running off a 48 mm roll.

use crate::font::{Fonts, Weight};
use crate::pdf::{Op, Page};
use crate::Paper;
use unicode_normalization::UnicodeNormalization;

/// Points in a millimetre.
const MM: f32 = 72.0 / 25.4;

/// Line height as a multiple of the font size.
const LEADING: f32 = 1.3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    Small,
    Body,
    Heading,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Between sections, as a till prints a row of dashes.
    Dashed,
    /// Around the total.
    Double,
}

#[derive(Debug, Clone)]
enum Block {
    Text {
        text: String,
        size: Size,
        weight: Weight,
        centred: bool,
        max_lines: usize,
    },
    Pair {
        label: String,
        value: String,
        weight: Weight,
        max_lines: usize,
    },
    Banner {
        text: String,
        inverted: bool,
    },
    Total {
        label: String,
        amount: String,
    },
    Rule(Rule),
    Gap,
}

/// What a slip says, in order, before it meets a paper.
#[derive(Debug, Clone, Default)]
pub struct Slip {
    blocks: Vec<Block>,
}

impl Slip {
    /// A line of text, wrapped to at most `max_lines`, the last ending in an ellipsis if cut.
    pub fn text(&mut self, text: &str, size: Size, weight: Weight, max_lines: usize) {
        self.blocks.push(Block::Text {
            text: clean(text),
            size,
            weight,
            centred: false,
            max_lines,
        });
    }

    pub fn centred(&mut self, text: &str, size: Size, weight: Weight, max_lines: usize) {
        self.blocks.push(Block::Text {
            text: clean(text),
            size,
            weight,
            centred: true,
            max_lines,
        });
    }

    /// A label on the left and its value on the right, the value wrapping under itself.
    pub fn pair(&mut self, label: &str, value: &str, weight: Weight, max_lines: usize) {
        self.blocks.push(Block::Pair {
            label: clean(label),
            value: clean(value),
            weight,
            max_lines,
        });
    }

    /// A word in a box across the column (COPY); `inverted` prints it white on black (VOID).
    pub fn banner(&mut self, text: &str, inverted: bool) {
        self.blocks.push(Block::Banner {
            text: clean(text),
            inverted,
        });
    }

    /// The amount the slip is about, in the largest type that fits the column.
    pub fn total(&mut self, label: &str, amount: &str) {
        self.blocks.push(Block::Total {
            label: clean(label),
            amount: clean(amount),
        });
    }

    pub fn rule(&mut self, rule: Rule) {
        self.blocks.push(Block::Rule(rule));
    }

    pub fn gap(&mut self) {
        self.blocks.push(Block::Gap);
    }
}

/// One canonical form for text from anywhere: composed characters (a name typed as "u" plus a
/// combining tilde prints as the font's "ũ"), no control characters, single spaces.
fn clean(text: &str) -> String {
    let composed: String = text.nfc().collect();
    composed
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where a paper puts the column and how large it sets type.
struct Sheet {
    width: f32,
    /// A4's fixed height; a roll's page is as long as what is printed on it.
    height: Option<f32>,
    left: f32,
    column: f32,
    top: f32,
    bottom: f32,
    small: f32,
    body: f32,
    heading: f32,
    big: f32,
}

impl Sheet {
    fn of(paper: Paper) -> Self {
        match paper {
            // 80 mm rolls print about 72 mm; 58 mm rolls about 48 mm.
            Paper::Thermal80 => Self {
                width: 80.0 * MM,
                height: None,
                left: 4.0 * MM,
                column: 72.0 * MM,
                top: 4.0 * MM,
                bottom: 10.0 * MM,
                small: 7.5,
                body: 9.0,
                heading: 12.5,
                big: 18.0,
            },
            Paper::Thermal58 => Self {
                width: 58.0 * MM,
                height: None,
                left: 5.0 * MM,
                column: 48.0 * MM,
                top: 4.0 * MM,
                bottom: 10.0 * MM,
                small: 6.5,
                body: 8.0,
                heading: 11.0,
                big: 15.0,
            },
            // A4 keeps the slip's single column, centred and at a reading size: a row's label
            // and amount stay within an easy glance of each other.
            Paper::A4 => Self {
                width: 595.28,
                height: Some(841.89),
                left: (595.28 - 110.0 * MM) / 2.0,
                column: 110.0 * MM,
                top: 25.0 * MM,
                bottom: 20.0 * MM,
                small: 9.0,
                body: 11.0,
                heading: 17.0,
                big: 24.0,
            },
        }
    }

    fn size(&self, size: Size) -> f32 {
        match size {
            Size::Small => self.small,
            Size::Body => self.body,
            Size::Heading => self.heading,
        }
    }
}

/// Lays `slip` out on `paper`: one page, as long as the slip on a roll.
pub fn lay_out(slip: &Slip, paper: Paper, fonts: &Fonts) -> Page {
    let sheet = Sheet::of(paper);
    let mut cursor = Cursor {
        fonts,
        sheet: &sheet,
        y: sheet.top,
        ops: Vec::new(),
    };
    for block in &slip.blocks {
        cursor.place(block);
    }
    let height = sheet.height.unwrap_or(cursor.y + sheet.bottom);
    // Laid out from the top down; PDF counts from the bottom up.
    let ops = cursor
        .ops
        .into_iter()
        .map(|op| op.flipped(height))
        .collect();
    Page {
        width: sheet.width,
        height,
        ops,
    }
}

/// The layout's position, measured down from the top of the page.
struct Cursor<'a> {
    fonts: &'a Fonts,
    sheet: &'a Sheet,
    y: f32,
    ops: Vec<Op>,
}

impl Cursor<'_> {
    fn place(&mut self, block: &Block) {
        let sheet = self.sheet;
        match block {
            Block::Text {
                text,
                size,
                weight,
                centred,
                max_lines,
            } => {
                let size = sheet.size(*size);
                for line in self.wrap(text, *weight, size, sheet.column, *max_lines) {
                    let width = self.fonts.get(*weight).width(&line, size);
                    let x = if *centred {
                        sheet.left + (sheet.column - width) / 2.0
                    } else {
                        sheet.left
                    };
                    self.line(x, line, *weight, size);
                }
            }
            Block::Pair {
                label,
                value,
                weight,
                max_lines,
            } => self.pair(label, value, *weight, *max_lines),
            Block::Banner { text, inverted } => self.banner(text, *inverted),
            Block::Total { label, amount } => self.total(label, amount),
            Block::Rule(rule) => self.rule(*rule),
            Block::Gap => self.y += sheet.body * 0.5,
        }
    }

    /// Writes one line of text with its left edge at `x`, and moves down a line.
    fn line(&mut self, x: f32, text: String, weight: Weight, size: f32) {
        self.ops.push(Op::Text {
            x,
            y: self.y + size,
            weight,
            size,
            text,
            white: false,
        });
        self.y += size * LEADING;
    }

    fn pair(&mut self, label: &str, value: &str, weight: Weight, max_lines: usize) {
        let sheet = self.sheet;
        let size = sheet.body;
        let regular = &self.fonts.regular;
        let label_width = regular.width(label, size);
        let gap = size;
        let room = sheet.column - label_width - gap;
        let right = sheet.left + sheet.column;
        // Beside the label while the value has at least half the column and no word of it
        // has to be broken there (a receipt number reads whole); under it otherwise.
        let font = self.fonts.get(weight);
        let whole_words = value.split(' ').all(|word| font.width(word, size) <= room);
        let (lines, first_line_has_label) = if room >= sheet.column / 2.0 && whole_words {
            (self.wrap(value, weight, size, room, max_lines), true)
        } else {
            (
                self.wrap(value, weight, size, sheet.column, max_lines),
                false,
            )
        };
        let label = self.fit(label, Weight::Regular, size, sheet.column);
        if !first_line_has_label {
            self.line(sheet.left, label.clone(), Weight::Regular, size);
        }
        for (i, line) in lines.into_iter().enumerate() {
            let width = self.fonts.get(weight).width(&line, size);
            if i == 0 && first_line_has_label {
                // The label and the first line of the value share a baseline.
                self.ops.push(Op::Text {
                    x: sheet.left,
                    y: self.y + size,
                    weight: Weight::Regular,
                    size,
                    text: label.clone(),
                    white: false,
                });
            }
            self.line(right - width, line, weight, size);
        }
    }

    fn banner(&mut self, text: &str, inverted: bool) {
        let sheet = self.sheet;
        let size = sheet.heading;
        let pad = size * 0.3;
        let text = self.fit(text, Weight::Bold, size, sheet.column - 2.0 * pad);
        let width = self.fonts.bold.width(&text, size);
        let height = size * LEADING + 2.0 * pad;
        self.y += pad;
        if inverted {
            self.ops.push(Op::Fill {
                x: sheet.left,
                y: self.y,
                width: sheet.column,
                height,
            });
        } else {
            self.ops.push(Op::Frame {
                x: sheet.left,
                y: self.y,
                width: sheet.column,
                height,
                line: 1.2,
            });
        }
        self.ops.push(Op::Text {
            x: sheet.left + (sheet.column - width) / 2.0,
            // Optically centred: a word in capitals has no descenders to leave room for.
            y: self.y + pad + size * 1.02,
            weight: Weight::Bold,
            size,
            text,
            white: inverted,
        });
        self.y += height + pad;
    }

    fn total(&mut self, label: &str, amount: &str) {
        let sheet = self.sheet;
        let bold = &self.fonts.bold;
        let label_size = sheet.body;
        let label_width = bold.width(label, label_size);
        // The largest size up to `big` at which the amount fits the column.
        let at_big = bold.width(amount, sheet.big);
        let size = if at_big > sheet.column {
            sheet.big * sheet.column / at_big
        } else {
            sheet.big
        };
        let amount_width = bold.width(amount, size);
        let right = sheet.left + sheet.column;
        if label_width + label_size + amount_width <= sheet.column {
            // Label and amount on one baseline, the label in body type.
            self.y += size * 0.15;
            self.ops.push(Op::Text {
                x: sheet.left,
                y: self.y + size,
                weight: Weight::Bold,
                size: label_size,
                text: label.to_owned(),
                white: false,
            });
            self.line(right - amount_width, amount.to_owned(), Weight::Bold, size);
        } else {
            let label = self.fit(label, Weight::Bold, label_size, sheet.column);
            self.line(sheet.left, label, Weight::Bold, label_size);
            self.line(right - amount_width, amount.to_owned(), Weight::Bold, size);
        }
    }

    fn rule(&mut self, rule: Rule) {
        let sheet = self.sheet;
        let (x1, x2) = (sheet.left, sheet.left + sheet.column);
        let half = sheet.body * 0.5;
        match rule {
            Rule::Dashed => {
                let y = self.y + half;
                self.ops.push(Op::Line {
                    x1,
                    x2,
                    y,
                    width: 0.7,
                    dash: Some(2.5),
                });
            }
            Rule::Double => {
                for y in [self.y + half - 1.2, self.y + half + 1.2] {
                    self.ops.push(Op::Line {
                        x1,
                        x2,
                        y,
                        width: 0.8,
                        dash: None,
                    });
                }
            }
        }
        self.y += 2.0 * half;
    }

    /// Breaks `text` into lines no wider than `width`: at spaces where it can, inside a word that
    /// is wider than the line on its own. Past `max_lines` the last line ends in an ellipsis.
    fn wrap(
        &self,
        text: &str,
        weight: Weight,
        size: f32,
        width: f32,
        max_lines: usize,
    ) -> Vec<String> {
        let font = self.fonts.get(weight);
        let fits = |s: &str| font.width(s, size) <= width;
        let mut lines: Vec<String> = Vec::new();
        let mut current = String::new();
        for word in text.split(' ') {
            let candidate = if current.is_empty() {
                word.to_owned()
            } else {
                format!("{current} {word}")
            };
            if fits(&candidate) {
                current = candidate;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            // A word too long for a line on its own is broken where the line ends.
            for c in word.chars() {
                let mut longer = current.clone();
                longer.push(c);
                if !current.is_empty() && !fits(&longer) {
                    lines.push(std::mem::take(&mut current));
                    current.push(c);
                } else {
                    current = longer;
                }
            }
        }
        if !current.is_empty() || lines.is_empty() {
            lines.push(current);
        }
        let max_lines = max_lines.max(1);
        if lines.len() > max_lines {
            let rest = lines.split_off(max_lines - 1).join(" ");
            lines.push(self.fit(&format!("{rest}…"), weight, size, width));
        }
        lines
    }

    /// `text` if it fits `width`, otherwise as much of it as fits followed by an ellipsis.
    fn fit(&self, text: &str, weight: Weight, size: f32, width: f32) -> String {
        let font = self.fonts.get(weight);
        if font.width(text, size) <= width {
            return text.to_owned();
        }
        let mut kept: Vec<char> = text.trim_end_matches('…').chars().collect();
        while !kept.is_empty() {
            let candidate: String = kept.iter().collect::<String>().trim_end().to_owned() + "…";
            if font.width(&candidate, size) <= width {
                return candidate;
            }
            kept.pop();
        }
        "…".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(page: &Page) -> Vec<(f32, f32, String)> {
        page.ops
            .iter()
            .filter_map(|op| match op {
                Op::Text { x, size, text, .. } => Some((*x, *size, text.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn nothing_is_drawn_past_the_printable_width() {
        let fonts = Fonts::load().unwrap();
        let long = "Wanjirũ Nyambũra Kariuki-Wambugu Ngũgĩ wa Thiong'o Zoë Ödegaard ".repeat(4);
        let unbroken = "X".repeat(200);
        let mut slip = Slip::default();
        slip.centred(&long, Size::Heading, Weight::Bold, 2);
        slip.pair("Customer", &long, Weight::Bold, 2);
        slip.pair(&long, "value", Weight::Regular, 1);
        slip.text(&unbroken, Size::Body, Weight::Regular, 3);
        slip.banner(&long, true);
        slip.total(&long, "KES 99,999,999.99");
        for paper in [Paper::Thermal58, Paper::Thermal80, Paper::A4] {
            let sheet = Sheet::of(paper);
            let page = lay_out(&slip, paper, &fonts);
            for op in &page.ops {
                if let Op::Text {
                    x,
                    size,
                    text,
                    weight,
                    ..
                } = op
                {
                    let right = x + fonts.get(*weight).width(text, *size);
                    assert!(
                        *x >= sheet.left - 0.01 && right <= sheet.left + sheet.column + 0.01,
                        "{paper:?}: {text:?} spans {x}..{right}, outside the column"
                    );
                }
            }
        }
    }

    #[test]
    fn long_text_stops_at_its_line_limit_with_an_ellipsis() {
        let fonts = Fonts::load().unwrap();
        let mut slip = Slip::default();
        slip.centred(
            &"Mama Mboga Cyber Services ".repeat(10),
            Size::Heading,
            Weight::Bold,
            2,
        );
        let page = lay_out(&slip, Paper::Thermal58, &fonts);
        let lines = texts(&page);
        assert_eq!(lines.len(), 2, "the title is held to two lines");
        assert!(
            lines[1].2.ends_with('…'),
            "the cut is shown: {:?}",
            lines[1].2
        );
    }

    #[test]
    fn a_roll_is_as_long_as_its_content_and_a4_is_a4() {
        let fonts = Fonts::load().unwrap();
        let mut short = Slip::default();
        short.pair("Receipt", "K7QF2-20261203-000042", Weight::Regular, 1);
        let mut long = short.clone();
        for _ in 0..20 {
            long.pair("Line", "value", Weight::Regular, 1);
        }
        let short_roll = lay_out(&short, Paper::Thermal80, &fonts);
        let long_roll = lay_out(&long, Paper::Thermal80, &fonts);
        assert!(long_roll.height > short_roll.height + 20.0 * 9.0);
        assert_eq!(lay_out(&long, Paper::A4, &fonts).height, 841.89);
    }

    #[test]
    fn text_is_composed_and_spaced_once() {
        assert_eq!(
            clean("  Wanjiru\u{0303}\n\tNyambu\u{0303}ra "),
            "Wanjirũ Nyambũra"
        );
    }
}
