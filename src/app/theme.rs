//! Design tokens: fonts, sizes, spacing and colours, defined once and used by every panel,
//! so that the window looks consistent and a restyle is one edit.

use std::sync::Arc;

use egui::{Color32, FontData, FontDefinitions, FontFamily, FontId, Stroke, Theme};

use crate::entities::EntityKind;

/// Font family for reading text (a serif with Arabic and Hebrew fallbacks).
pub const READING: &str = "reading";
/// Bold variant of the reading font, for document titles.
pub const READING_BOLD: &str = "reading-bold";
/// Semi-bold interface font, for headings and emphasis.
pub const UI_BOLD: &str = "ui-bold";

/// Spacing steps (points).
pub const SPACE_S: f32 = 4.0;
pub const SPACE_M: f32 = 8.0;
pub const SPACE_L: f32 = 16.0;
/// Corner radius of chips, badges and cards.
pub const RADIUS: u8 = 6;

/// Reading font size (points) by default, and its limits for Ctrl +/-.
pub const READING_SIZE_DEFAULT: f32 = 16.0;
pub const READING_SIZE_MIN: f32 = 11.0;
pub const READING_SIZE_MAX: f32 = 28.0;
/// Longest reading line, in multiples of the font size (about 75 characters).
pub const READING_MEASURE: f32 = 36.0;

/// Installs the bundled fonts. Used by the app and by the UI tests alike, so that tests see
/// the same glyph coverage as users (kittest fails on missing glyphs).
pub fn setup_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    let add = |fonts: &mut FontDefinitions, name: &str, bytes: &'static [u8]| {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
    };
    add(
        &mut fonts,
        "Inter",
        include_bytes!("../../assets/fonts/Inter-Regular.otf"),
    );
    add(
        &mut fonts,
        "Inter-SemiBold",
        include_bytes!("../../assets/fonts/Inter-SemiBold.otf"),
    );
    add(
        &mut fonts,
        "NotoSerif",
        include_bytes!("../../assets/fonts/NotoSerif-Regular.ttf"),
    );
    add(
        &mut fonts,
        "NotoSerif-Bold",
        include_bytes!("../../assets/fonts/NotoSerif-Bold.ttf"),
    );
    add(
        &mut fonts,
        "NotoSansArabic",
        include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf"),
    );
    add(
        &mut fonts,
        "NotoSansHebrew",
        include_bytes!("../../assets/fonts/NotoSansHebrew-Regular.ttf"),
    );

    // egui's own fonts (emoji, symbols) stay as the last fallbacks of every family.
    let defaults = fonts
        .families
        .get(&FontFamily::Proportional)
        .cloned()
        .unwrap_or_default();
    let scripts = ["NotoSansArabic".to_owned(), "NotoSansHebrew".to_owned()];
    let family = |first: &str| -> Vec<String> {
        std::iter::once(first.to_owned())
            .chain(scripts.iter().cloned())
            .chain(defaults.iter().cloned())
            .collect()
    };
    fonts
        .families
        .insert(FontFamily::Proportional, family("Inter"));
    fonts
        .families
        .insert(FontFamily::Name(UI_BOLD.into()), family("Inter-SemiBold"));
    fonts
        .families
        .insert(FontFamily::Name(READING.into()), family("NotoSerif"));
    fonts.families.insert(
        FontFamily::Name(READING_BOLD.into()),
        family("NotoSerif-Bold"),
    );
    if let Some(mono) = fonts.families.get_mut(&FontFamily::Monospace) {
        mono.extend(scripts.iter().cloned());
    }
    ctx.set_fonts(fonts);
}

/// Interface styling on top of egui's defaults: a little more air, rounder widgets.
pub fn setup_style(ctx: &egui::Context) {
    for theme in [Theme::Light, Theme::Dark] {
        ctx.style_mut_of(theme, |style| {
            style.spacing.item_spacing = egui::vec2(SPACE_M, 6.0);
            style.spacing.button_padding = egui::vec2(SPACE_M, 3.0);
            style.spacing.menu_margin = egui::Margin::same(6);
            style.spacing.interact_size.y = 22.0;
            style
                .text_styles
                .insert(egui::TextStyle::Body, FontId::proportional(13.5));
            style
                .text_styles
                .insert(egui::TextStyle::Button, FontId::proportional(13.5));
            style
                .text_styles
                .insert(egui::TextStyle::Small, FontId::proportional(11.5));
            style.text_styles.insert(
                egui::TextStyle::Heading,
                FontId::new(17.0, FontFamily::Name(UI_BOLD.into())),
            );
            let visuals = &mut style.visuals;
            visuals.widgets.noninteractive.corner_radius = RADIUS.into();
            visuals.widgets.inactive.corner_radius = RADIUS.into();
            visuals.widgets.hovered.corner_radius = RADIUS.into();
            visuals.widgets.active.corner_radius = RADIUS.into();
            visuals.selection.bg_fill = accent(theme == Theme::Dark).gamma_multiply(0.45);
            visuals.selection.stroke = Stroke::new(1.0, accent(theme == Theme::Dark));
            visuals.hyperlink_color = accent(theme == Theme::Dark);
        });
    }
}

/// The accent colour (selection, focus, current item).
pub fn accent(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x6c, 0xa8, 0xff)
    } else {
        Color32::from_rgb(0x1f, 0x5f, 0xd0)
    }
}

/// Quiet text (paths, counts, metadata).
pub fn weak_text(ui: &egui::Ui) -> Color32 {
    ui.visuals().weak_text_color()
}

/// The text of an email's quoted reply ("> ..." lines): the reading colour, faded.
pub fn quoted_text(text: Color32) -> Color32 {
    text.gamma_multiply(0.55)
}

/// Warning and error colours that read on both themes.
pub fn warning(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xf0, 0xb4, 0x50)
    } else {
        Color32::from_rgb(0xa8, 0x5a, 0x00)
    }
}

pub fn error(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xff, 0x7b, 0x72)
    } else {
        Color32::from_rgb(0xc0, 0x1c, 0x28)
    }
}

/// Text that is new (the added words of a changed wording).
pub fn added(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x56, 0xd3, 0x64)
    } else {
        Color32::from_rgb(0x1a, 0x7f, 0x37)
    }
}

/// An sRGB colour from the project model.
pub fn rgb(c: crate::project::Rgb) -> Color32 {
    Color32::from_rgb(c.0, c.1, c.2)
}

/// The colour of an entity kind, after displaCy's conventions; softened on dark backgrounds so text stays legible.
pub fn entity_colour(kind: EntityKind, dark: bool) -> Color32 {
    let base = match kind {
        EntityKind::Person => Color32::from_rgb(0xaa, 0x9c, 0xfc),
        EntityKind::Org => Color32::from_rgb(0x7a, 0xec, 0xec),
        EntityKind::Loc => Color32::from_rgb(0xfe, 0xca, 0x74),
        EntityKind::Norp => Color32::from_rgb(0xc8, 0x87, 0xfb),
        EntityKind::Date => Color32::from_rgb(0xbf, 0xe1, 0xd9),
    };
    entity_background(base, dark)
}

/// A highlight background: the hue kept, lightness adapted to the theme.
pub fn entity_background(base: Color32, dark: bool) -> Color32 {
    if dark {
        // Darken towards the panel colour: the hue stays recognisable, light text stays legible.
        let mix = |c: u8, bg: u8| ((c as f32) * 0.38 + (bg as f32) * 0.62) as u8;
        Color32::from_rgb(
            mix(base.r(), 0x1b),
            mix(base.g(), 0x1b),
            mix(base.b(), 0x1b),
        )
    } else {
        let mix = |c: u8| ((c as f32) * 0.62 + 255.0 * 0.38) as u8;
        Color32::from_rgb(mix(base.r()), mix(base.g()), mix(base.b()))
    }
}

/// Text colour that reads on a chip of colour `bg`.
pub fn text_on(bg: Color32) -> Color32 {
    let luminance = 0.299 * bg.r() as f32 + 0.587 * bg.g() as f32 + 0.114 * bg.b() as f32;
    if luminance > 150.0 {
        Color32::from_gray(20)
    } else {
        Color32::WHITE
    }
}
