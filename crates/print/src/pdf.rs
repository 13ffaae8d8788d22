//! Positioned drawing to PDF bytes: pages, content streams, and the fonts embedded as subsets.
//!
//! Text is written with a Type 0 font (Identity-H, two bytes a glyph) over the embedded
//! TrueType subset, and every glyph is mapped back to its character in a ToUnicode CMap, which
//! is what lets `pdftotext`, a screen reader or a search box read a customer's name.

use crate::font::{Font, Fonts, Weight};
use crate::PrintError;
use miniz_oxide::deflate::compress_to_vec_zlib;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use std::collections::BTreeMap;
use subsetter::GlyphRemapper;

/// Good compression for a few kilobytes of text and font at no noticeable cost.
const COMPRESSION: u8 = 6;

/// Something drawn on a page. `y` is measured down from the top while laying out and up from
/// the bottom (as PDF does) once [`Op::flipped`].
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// One line of text; `y` is its baseline.
    Text {
        x: f32,
        y: f32,
        weight: Weight,
        size: f32,
        text: String,
        white: bool,
    },
    /// A horizontal rule, dashed when `dash` gives the dash length.
    Line {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        dash: Option<f32>,
    },
    /// A black box; `y` is its top edge.
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
    },
    /// A box's outline; `y` is its top edge.
    Frame {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        line: f32,
    },
}

impl Op {
    /// From top-down layout to PDF's bottom-up coordinates on a page `height` tall.
    pub fn flipped(self, height: f32) -> Self {
        match self {
            Op::Text {
                x,
                y,
                weight,
                size,
                text,
                white,
            } => Op::Text {
                x,
                y: height - y,
                weight,
                size,
                text,
                white,
            },
            Op::Line {
                x1,
                x2,
                y,
                width,
                dash,
            } => Op::Line {
                x1,
                x2,
                y: height - y,
                width,
                dash,
            },
            // A box's reference corner becomes its bottom-left one.
            Op::Fill {
                x,
                y,
                width,
                height: h,
            } => Op::Fill {
                x,
                y: height - y - h,
                width,
                height: h,
            },
            Op::Frame {
                x,
                y,
                width,
                height: h,
                line,
            } => Op::Frame {
                x,
                y: height - y - h,
                width,
                height: h,
                line,
            },
        }
    }
}

/// One page in points.
#[derive(Debug, Clone)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub ops: Vec<Op>,
}

/// The glyphs one font draws in a document, renumbered for its subset.
struct Used<'a> {
    font: &'a Font,
    resource: Name<'static>,
    remapper: GlyphRemapper,
    /// New glyph id → the character it stands for (ToUnicode) and its advance (widths).
    glyphs: BTreeMap<u16, (char, f32)>,
}

impl<'a> Used<'a> {
    fn new(font: &'a Font, resource: Name<'static>) -> Self {
        Self {
            font,
            resource,
            remapper: GlyphRemapper::new(),
            glyphs: BTreeMap::new(),
        }
    }

    /// The text as the subset's glyph ids, two bytes each (Identity-H).
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(text.len() * 2);
        for glyph in self.font.glyphs(text) {
            let id = self.remapper.remap(glyph.id);
            self.glyphs
                .entry(id)
                .or_insert_with(|| (glyph.text, self.font.advance(glyph.id)));
            bytes.extend_from_slice(&id.to_be_bytes());
        }
        bytes
    }
}

/// Writes `pages` as a PDF titled `title`.
pub fn write(title: &str, pages: &[Page], fonts: &Fonts) -> Result<Vec<u8>, PrintError> {
    let mut next = Ref::new(1);
    let mut alloc = || next.bump();
    let catalog = alloc();
    let tree = alloc();
    let info = alloc();

    let mut regular = Used::new(&fonts.regular, Name(b"R"));
    let mut bold = Used::new(&fonts.bold, Name(b"B"));

    let mut pdf = Pdf::new();
    let mut page_refs = Vec::with_capacity(pages.len());
    let mut contents = Vec::with_capacity(pages.len());
    for page in pages {
        let content = draw(page, &mut regular, &mut bold);
        page_refs.push(alloc());
        contents.push((alloc(), content));
    }
    let font_refs: Vec<(Name<'static>, Ref)> = [&regular, &bold]
        .iter()
        .filter(|used| !used.glyphs.is_empty())
        .map(|used| (used.resource, alloc()))
        .collect();

    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_refs.iter().copied())
        .count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    for ((page, page_ref), (content_ref, content)) in pages.iter().zip(&page_refs).zip(&contents) {
        let mut writer = pdf.page(*page_ref);
        writer
            .parent(tree)
            .media_box(Rect::new(0.0, 0.0, page.width, page.height))
            .contents(*content_ref);
        let mut resources = writer.resources();
        let mut font_dict = resources.fonts();
        for (name, font_ref) in &font_refs {
            font_dict.pair(*name, *font_ref);
        }
        font_dict.finish();
        resources.finish();
        writer.finish();
        let compressed = compress_to_vec_zlib(content, COMPRESSION);
        pdf.stream(*content_ref, &compressed)
            .filter(Filter::FlateDecode);
    }
    for used in [&regular, &bold] {
        if let Some((_, font_ref)) = font_refs.iter().find(|(name, _)| *name == used.resource) {
            embed(&mut pdf, *font_ref, used, &mut alloc)?;
        }
    }
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("Infora Desk"));
    Ok(pdf.finish())
}

/// The page's content stream; text is encoded against the fonts' subsets as it goes.
fn draw<'a>(page: &Page, regular: &mut Used<'a>, bold: &mut Used<'a>) -> Vec<u8> {
    let mut content = Content::new();
    for op in &page.ops {
        match op {
            Op::Text {
                x,
                y,
                weight,
                size,
                text,
                white,
            } => {
                let used = match weight {
                    Weight::Regular => &mut *regular,
                    Weight::Bold => &mut *bold,
                };
                let encoded = used.encode(text);
                if *white {
                    content.set_fill_gray(1.0);
                }
                content
                    .begin_text()
                    .set_font(used.resource, *size)
                    .set_text_matrix([1.0, 0.0, 0.0, 1.0, *x, *y])
                    .show(Str(&encoded))
                    .end_text();
                if *white {
                    content.set_fill_gray(0.0);
                }
            }
            Op::Line {
                x1,
                x2,
                y,
                width,
                dash,
            } => {
                content.save_state().set_line_width(*width);
                if let Some(dash) = dash {
                    content.set_dash_pattern([*dash, *dash], 0.0);
                }
                content.move_to(*x1, *y).line_to(*x2, *y).stroke();
                content.restore_state();
            }
            Op::Fill {
                x,
                y,
                width,
                height,
            } => {
                content.rect(*x, *y, *width, *height).fill_nonzero();
            }
            Op::Frame {
                x,
                y,
                width,
                height,
                line,
            } => {
                // Inset by half the line so the outline stays inside the column.
                let half = line / 2.0;
                content
                    .save_state()
                    .set_line_width(*line)
                    .rect(x + half, y + half, width - line, height - line)
                    .stroke()
                    .restore_state();
            }
        }
    }
    content.finish().into_vec()
}

/// The Type 0 font, its CID font, descriptor, subset font file and ToUnicode map.
fn embed(
    pdf: &mut Pdf,
    type0: Ref,
    used: &Used,
    alloc: &mut impl FnMut() -> Ref,
) -> Result<(), PrintError> {
    let (cid, descriptor, file, cmap) = (alloc(), alloc(), alloc(), alloc());
    let face = &used.font.face;
    // The subset tag: six capitals, from the glyph set, so the same receipt gives the same bytes.
    let tag: String = {
        let mut hash: u32 = 2_166_136_261;
        for (id, (text, _)) in &used.glyphs {
            for byte in id
                .to_be_bytes()
                .into_iter()
                .chain(u32::from(*text).to_be_bytes())
            {
                hash = (hash ^ u32::from(byte)).wrapping_mul(16_777_619);
            }
        }
        (0..6)
            .map(|i| char::from(b'A' + ((hash >> (i * 5)) % 26) as u8))
            .collect()
    };
    let base_name = format!("{tag}+{}", used.font.postscript_name);
    let system_info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };

    pdf.type0_font(type0)
        .base_font(Name(base_name.as_bytes()))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(cmap);

    let mut cid_font = pdf.cid_font(cid);
    cid_font
        .subtype(CidFontType::Type2)
        .base_font(Name(base_name.as_bytes()))
        .system_info(system_info)
        .font_descriptor(descriptor)
        .cid_to_gid_map_predefined(Name(b"Identity"));
    let mut widths = cid_font.widths();
    for (id, (_, advance)) in &used.glyphs {
        widths.consecutive(*id, [advance * 1000.0]);
    }
    widths.finish();
    cid_font.finish();

    let em = |units: i16| used.font.em(units) * 1000.0;
    let bbox = face.global_bounding_box();
    let weight = face.weight().to_number();
    let mut flags = FontFlags::SYMBOLIC;
    if face.is_monospaced() {
        flags |= FontFlags::FIXED_PITCH;
    }
    pdf.font_descriptor(descriptor)
        .name(Name(base_name.as_bytes()))
        .flags(flags)
        .bbox(Rect::new(
            em(bbox.x_min),
            em(bbox.y_min),
            em(bbox.x_max),
            em(bbox.y_max),
        ))
        .italic_angle(face.italic_angle())
        .ascent(em(face.ascender()))
        .descent(em(face.descender()))
        .cap_height(em(face.capital_height().unwrap_or(face.ascender())))
        // PDF wants a stem width; this estimate from the weight is what other writers use.
        .stem_v(10.0 + 0.244 * (f32::from(weight) - 50.0))
        .font_file2(file);

    let subset =
        subsetter::subset(used.font.data, 0, &used.remapper).map_err(PrintError::FontSubset)?;
    let compressed = compress_to_vec_zlib(&subset, COMPRESSION);
    pdf.stream(file, &compressed)
        .filter(Filter::FlateDecode)
        .pair(
            Name(b"Length1"),
            i32::try_from(subset.len()).unwrap_or(i32::MAX),
        );

    let mut unicode = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), system_info);
    for (id, (text, _)) in &used.glyphs {
        unicode.pair(*id, *text);
    }
    let unicode = unicode.finish();
    let compressed = compress_to_vec_zlib(unicode.as_slice(), COMPRESSION);
    pdf.cmap(cmap, &compressed).filter(Filter::FlateDecode);
    Ok(())
}
