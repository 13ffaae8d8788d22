//! The two faces every page uses (regular and bold), their glyphs and widths for layout.

use crate::PrintError;
use ttf_parser::{Face, GlyphId};

const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSansCondensed-Latin.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSansCondensed-Bold-Latin.ttf");

/// What a character the font lacks is drawn (and extracted) as, rather than a blank.
const REPLACEMENT: char = '\u{FFFD}';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// One glyph and the character it stands for, so a text extractor gets the character back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    pub id: u16,
    pub text: char,
}

/// A parsed face, with the numbers the layout and the PDF's font descriptor need.
pub struct Font {
    pub data: &'static [u8],
    pub face: Face<'static>,
    /// The PostScript name the PDF gives it (without the subset tag).
    pub postscript_name: &'static str,
    units_per_em: f32,
    replacement: u16,
}

impl Font {
    fn load(data: &'static [u8], postscript_name: &'static str) -> Result<Self, PrintError> {
        let face = Face::parse(data, 0).map_err(|_| PrintError::FontUnreadable)?;
        let replacement = face
            .glyph_index(REPLACEMENT)
            .ok_or(PrintError::FontUnreadable)?
            .0;
        Ok(Self {
            data,
            units_per_em: f32::from(face.units_per_em()),
            face,
            postscript_name,
            replacement,
        })
    }

    /// The glyphs that draw `text`, one per character; a character the font lacks becomes U+FFFD.
    pub fn glyphs(&self, text: &str) -> Vec<Glyph> {
        text.chars()
            .map(|c| match self.face.glyph_index(c) {
                Some(GlyphId(id)) => Glyph { id, text: c },
                None => Glyph {
                    id: self.replacement,
                    text: REPLACEMENT,
                },
            })
            .collect()
    }

    /// A glyph's advance as a fraction of the em (multiply by the font size for points).
    pub fn advance(&self, glyph: u16) -> f32 {
        f32::from(self.face.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0)) / self.units_per_em
    }

    /// The width of `text` set at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.glyphs(text)
            .iter()
            .map(|g| self.advance(g.id))
            .sum::<f32>()
            * size
    }

    /// A font-unit measure as a fraction of the em.
    pub fn em(&self, units: i16) -> f32 {
        f32::from(units) / self.units_per_em
    }
}

pub struct Fonts {
    pub regular: Font,
    pub bold: Font,
}

impl Fonts {
    pub fn load() -> Result<Self, PrintError> {
        Ok(Self {
            regular: Font::load(REGULAR, "DejaVuSansCondensed")?,
            bold: Font::load(BOLD, "DejaVuSansCondensed-Bold")?,
        })
    }

    pub fn get(&self, weight: Weight) -> &Font {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_draw_kenyan_and_european_names() {
        let fonts = Fonts::load().unwrap();
        for name in [
            "Wanjirũ Nyambũra",
            "Ngũgĩ wa Thiong'o",
            "Zoë Ödegaard",
            "Çağrı Şahin",
        ] {
            for font in [&fonts.regular, &fonts.bold] {
                assert!(
                    font.glyphs(name).iter().all(|g| g.text != REPLACEMENT),
                    "{name} must not need the replacement glyph"
                );
            }
        }
    }

    #[test]
    fn a_missing_character_is_replaced_visibly() {
        let fonts = Fonts::load().unwrap();
        let glyphs = fonts.regular.glyphs("a😀");
        assert_eq!(
            glyphs[1].text, REPLACEMENT,
            "an emoji is outside the Latin subset"
        );
    }

    #[test]
    fn bold_is_wider_than_regular() {
        let fonts = Fonts::load().unwrap();
        let text = "KES 1,500.00";
        assert!(fonts.bold.width(text, 10.0) > fonts.regular.width(text, 10.0));
        assert!(
            fonts.regular.width(text, 10.0) > 40.0,
            "12 characters at 10 pt"
        );
    }
}
