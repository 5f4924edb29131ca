//! Panel widths. The side panels are resizable and egui remembers their widths between
//! runs, so widths are bounded here every frame: whatever was dragged, remembered from an
//! older version or pushed wide by long content, the central view (the reader) keeps a
//! readable width.

use egui::Rangef;

/// The narrowest the central view may become.
pub const CENTRE_MIN: f32 = 440.0;
/// The document list and search panel: narrowest, default, widest.
pub const LEFT_MIN: f32 = 180.0;
pub const LEFT_DEFAULT: f32 = 290.0;
pub const LEFT_MAX: f32 = 420.0;
/// The annotation, entity and codebook panel: narrowest, default, widest.
pub const RIGHT_MIN: f32 = 260.0;
pub const RIGHT_DEFAULT: f32 = 350.0;
pub const RIGHT_MAX: f32 = 480.0;
/// The smallest window in which both panels and a readable centre fit.
pub const WINDOW_MIN_WIDTH: f32 = LEFT_MIN + RIGHT_MIN + CENTRE_MIN;

/// The widths the left panel may take in a window `total` points wide, leaving room for
/// the centre and (when shown) the right panel at its narrowest.
pub fn left_range(total: f32, right_shown: bool) -> Rangef {
    let right = if right_shown { RIGHT_MIN } else { 0.0 };
    let room = total - CENTRE_MIN - right;
    Rangef::new(LEFT_MIN, room.clamp(LEFT_MIN, LEFT_MAX))
}

/// The widths the right panel may take when `remaining` points are left beside the left
/// panel.
pub fn right_range(remaining: f32) -> Rangef {
    let room = remaining - CENTRE_MIN;
    Rangef::new(RIGHT_MIN, room.clamp(RIGHT_MIN, RIGHT_MAX))
}

/// The entity index's list beside its details, in a central view `total` points wide.
pub fn entity_list_range(total: f32) -> Rangef {
    let max = (total * 0.5).clamp(200.0, 520.0);
    Rangef::new(200.0_f32.min(max), max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_centre_keeps_a_readable_width_in_every_window() {
        for total in [WINDOW_MIN_WIDTH, 1000.0, 1280.0, 1920.0, 3840.0] {
            let left = left_range(total, true);
            let right = right_range(total - left.max);
            assert!(left.min <= left.max && right.min <= right.max, "{total}");
            assert!(
                total - left.max - right.max >= CENTRE_MIN - 0.5,
                "{total}: {left:?} {right:?}"
            );
            assert!(left.max <= LEFT_MAX && right.max <= RIGHT_MAX);
        }
        // Without the right panel the list may use the room, up to its maximum.
        assert_eq!(left_range(1280.0, false).max, LEFT_MAX);
        // The old 560-point search panel is out of reach.
        assert!(left_range(1280.0, true).max < 560.0);
    }

    #[test]
    fn the_entity_list_leaves_the_details_half_the_view() {
        let r = entity_list_range(700.0);
        assert_eq!(r.max, 350.0);
        assert!(entity_list_range(300.0).max <= 200.0);
    }
}
