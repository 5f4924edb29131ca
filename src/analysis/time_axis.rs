//! Calendar arithmetic for a time axis: days as numbers (so a view can be scrolled and
//! zoomed by fractions of a day), the part of the calendar a view shows, and tick marks
//! (centuries, decades, years, months or days as the zoom allows).

use jiff::civil::Date;

/// The first day of the count: day numbers are days since 1 January 1970 (negative before).
const EPOCH: Date = Date::constant(1970, 1, 1);

/// Days `start..end` as day numbers (end exclusive).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DaySpan {
    /// The first day.
    pub start: f64,
    /// The day after the last.
    pub end: f64,
}

impl DaySpan {
    /// The days from the earlier start to the later end of both.
    pub fn union(self, other: DaySpan) -> DaySpan {
        DaySpan {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Days since 1 January 1970 (negative before).
pub fn day_number(date: Date) -> f64 {
    EPOCH
        .until((jiff::Unit::Day, date))
        .map_or(0.0, |span| f64::from(span.get_days()))
}

/// The date of a day number (its fraction dropped); `None` outside the calendar jiff knows
/// (years -9999 to 9999).
pub fn date_of(day: f64) -> Option<Date> {
    if !day.is_finite() {
        return None;
    }
    // Out-of-range floats saturate; jiff then refuses the span.
    let days = day.floor() as i64;
    EPOCH
        .checked_add(jiff::Span::new().try_days(days).ok()?)
        .ok()
}

/// What a time axis shows: the day at its left edge and how many days a point stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AxisView {
    /// The day at the axis's left edge.
    pub first_day: f64,
    /// How many days one point of width stands for.
    pub per_point: f64,
}

impl AxisView {
    /// The closest a view zooms in (half an hour a point) and out (ten years a point).
    pub const MIN_PER_POINT: f64 = 1.0 / 48.0;
    /// The farthest a view zooms out: ten years a point.
    pub const MAX_PER_POINT: f64 = 3650.0;

    /// A view of `width` points showing `days` with a margin on both sides (at least a
    /// month); a month from the epoch when there is nothing to show.
    pub fn fit(days: Option<DaySpan>, width: f32) -> Self {
        let Some(DaySpan { start, end }) =
            days.filter(|d| d.start.is_finite() && d.end.is_finite())
        else {
            return Self {
                first_day: 0.0,
                per_point: 30.0,
            };
        };
        let span = (end - start).max(30.0) * 1.08;
        Self {
            first_day: start - span * 0.04,
            per_point: span / f64::from(width.max(1.0)),
        }
    }

    /// Zoomed by `factor` (< 1 in, > 1 out), within the bounds, keeping the day `at`
    /// points from the left edge where it is.
    pub fn zoomed(self, at: f32, factor: f32) -> Self {
        let anchor = self.day_at(at);
        let per_point =
            (self.per_point * f64::from(factor)).clamp(Self::MIN_PER_POINT, Self::MAX_PER_POINT);
        Self {
            first_day: anchor - f64::from(at) * per_point,
            per_point,
        }
    }

    /// Moved by `points` (a drag to the right goes back in time).
    pub fn dragged(self, points: f32) -> Self {
        Self {
            first_day: self.first_day - f64::from(points) * self.per_point,
            ..self
        }
    }

    /// What a view of `width` points becomes when statements it may show were dated
    /// again (a slashed date read the other way, a correction): `moved` are the days of the
    /// statements whose dates changed or that came onto the calendar, `all` the days of
    /// every statement shown. A view the user never zoomed or moved (`chosen` false) is
    /// fitted again to `all`, as it was fitted at first. A view the user chose is left
    /// alone while it still shows every day that moved: they zoomed there on purpose and
    /// what they acted on is in sight. Otherwise it widens just enough to show both what it
    /// showed and what moved: yanking it to the whole corpus would lose their place, and
    /// keeping it would leave what they just changed off-screen.
    pub fn follow(
        self,
        width: f32,
        all: Option<DaySpan>,
        moved: Option<DaySpan>,
        chosen: bool,
    ) -> Self {
        let Some(moved) = moved else {
            return self;
        };
        if !chosen {
            return Self::fit(all, width);
        }
        let shown = self.shown(width);
        if shown.start <= moved.start && moved.end <= shown.end {
            return self;
        }
        Self::fit(Some(shown.union(moved)), width)
    }

    /// The days a view of `width` points shows.
    pub fn shown(&self, width: f32) -> DaySpan {
        DaySpan {
            start: self.first_day,
            end: self.day_at(width),
        }
    }

    /// The day `x` points from the left edge.
    pub fn day_at(&self, x: f32) -> f64 {
        self.first_day + f64::from(x) * self.per_point
    }

    /// Where `day` is, in points from the left edge.
    pub fn x_of(&self, day: f64) -> f32 {
        ((day - self.first_day) / self.per_point) as f32
    }
}

/// A tick mark of the axis: its day and its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Where the mark stands, as a day number.
    pub day: f64,
    /// What the mark says ("2014", "Dec 2014", "8 Dec").
    pub label: String,
}

/// No more ticks than this, whatever the zoom.
const MAX_TICKS: usize = 200;

/// Tick marks for the days a view of `width` points shows, at least 70 points apart:
/// centuries or decades ("1990s"), years, months ("Dec 2024") or days ("8 Dec 2024").
pub fn ticks(view: AxisView, width: f32) -> Vec<Tick> {
    let (Some(first), Some(last)) = (date_of(view.first_day), date_of(view.day_at(width))) else {
        return Vec::new();
    };
    let min_gap_days = view.per_point * 70.0;
    if min_gap_days > 366.0 * 4.0 {
        let step = if min_gap_days > 366.0 * 40.0 { 100 } else { 10 };
        year_ticks(first.year() / step * step, last.year(), step, |y| {
            format!("{y}s")
        })
    } else if min_gap_days > 31.0 {
        let step = (min_gap_days / 365.0).ceil().max(1.0) as i16;
        year_ticks(first.year(), last.year(), step, |y| y.to_string())
    } else if min_gap_days > 1.5 {
        month_ticks(first, last, (min_gap_days / 30.0).ceil().max(1.0) as i32)
    } else {
        day_ticks(first, last)
    }
}

/// A tick on 1 January of every `step`th year from `from` to `to`.
fn year_ticks(from: i16, to: i16, step: i16, label: impl Fn(i16) -> String) -> Vec<Tick> {
    let mut out = Vec::new();
    let mut y = from;
    while y <= to && out.len() < MAX_TICKS {
        if let Ok(d) = Date::new(y, 1, 1) {
            out.push(Tick {
                day: day_number(d),
                label: label(y),
            });
        }
        let Some(next) = y.checked_add(step) else {
            break;
        };
        y = next;
    }
    out
}

/// A tick on the first of every `step`th month from `first`'s month to `last`.
fn month_ticks(first: Date, last: Date, step: i32) -> Vec<Tick> {
    let mut out = Vec::new();
    let mut d = first.first_of_month();
    while d <= last && out.len() < MAX_TICKS {
        out.push(Tick {
            day: day_number(d),
            label: d.strftime("%b %Y").to_string(),
        });
        let Ok(next) = d.checked_add(jiff::Span::new().months(step)) else {
            break;
        };
        d = next;
    }
    out
}

/// A tick on every day from `first` to `last`.
fn day_ticks(first: Date, last: Date) -> Vec<Tick> {
    let mut out = Vec::new();
    let mut d = first;
    while d <= last && out.len() < MAX_TICKS {
        out.push(Tick {
            day: day_number(d),
            label: d.strftime("%-d %b %Y").to_string(),
        });
        let Ok(next) = d.tomorrow() else {
            break;
        };
        d = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_count_from_1970_both_ways_and_come_back() {
        assert_eq!(day_number(Date::constant(1970, 1, 1)), 0.0);
        assert_eq!(day_number(Date::constant(2024, 12, 8)), 20_065.0);
        assert_eq!(day_number(Date::constant(1969, 12, 31)), -1.0);
        for date in [
            Date::constant(2024, 12, 8),
            Date::constant(1066, 10, 14),
            Date::constant(2011, 3, 15),
        ] {
            assert_eq!(date_of(day_number(date)), Some(date));
        }
        // A fraction of a day is still that day; outside the calendar is no date.
        assert_eq!(date_of(20_065.75), Some(Date::constant(2024, 12, 8)));
        assert_eq!(date_of(f64::NAN), None);
        assert_eq!(date_of(1e12), None);
        assert_eq!(date_of(-1e300), None);
    }

    #[test]
    fn zooming_keeps_the_day_under_the_pointer_and_stays_within_bounds() {
        let view = AxisView {
            first_day: 1000.0,
            per_point: 2.0,
        };
        let zoomed = view.zoomed(50.0, 0.5);
        assert_eq!(zoomed.per_point, 1.0);
        assert_eq!(zoomed.day_at(50.0), view.day_at(50.0));
        assert_eq!(view.zoomed(0.0, 1e9).per_point, AxisView::MAX_PER_POINT);
        assert_eq!(view.zoomed(0.0, 1e-9).per_point, AxisView::MIN_PER_POINT);
        // Dragging right by ten points goes back twenty days.
        assert_eq!(view.dragged(10.0).first_day, 980.0);
        assert_eq!(view.x_of(1100.0), 50.0);
    }

    #[test]
    fn a_fitted_view_shows_every_day_with_a_margin() {
        let days = DaySpan {
            start: 0.0,
            end: 1000.0,
        };
        let view = AxisView::fit(Some(days), 500.0);
        assert!(view.first_day < 0.0);
        assert!(view.day_at(500.0) > 1000.0);
        // A single day is shown as a month or so; nothing to show is a month from 1970.
        let one = AxisView::fit(
            Some(DaySpan {
                start: 10.0,
                end: 11.0,
            }),
            300.0,
        );
        assert!(one.day_at(300.0) - one.first_day >= 30.0);
        assert_eq!(AxisView::fit(None, 300.0).first_day, 0.0);
    }

    #[test]
    fn a_view_follows_dates_that_moved_unless_the_user_chose_one_that_still_shows_them() {
        let span = |start: f64, end: f64| Some(DaySpan { start, end });
        // Fitted to a month around day 20,065 (8 December 2024).
        let fitted = AxisView::fit(span(20_065.0, 20_066.0), 500.0);
        let june_2014 = span(16_231.0, 16_232.0);
        let all = span(16_231.0, 20_066.0);
        // Nothing moved: nothing changes, chosen or not.
        assert_eq!(fitted.follow(500.0, all, None, false), fitted);
        assert_eq!(fitted.follow(500.0, all, None, true), fitted);
        // Never zoomed: fitted again to every statement, the moved one in sight.
        let followed = fitted.follow(500.0, all, june_2014, false);
        assert_eq!(followed, AxisView::fit(all, 500.0));
        assert!(followed.first_day < 16_231.0 && followed.day_at(500.0) > 20_066.0);
        // Zoomed out by the user far enough to show what moved: left where it is.
        let wide = fitted.zoomed(250.0, 300.0);
        assert!(wide.first_day < 16_231.0, "{wide:?}");
        assert_eq!(wide.follow(500.0, all, june_2014, true), wide);
        // Zoomed in on December 2024: widened to show it and June 2014, no further.
        let close = fitted.zoomed(250.0, 0.25);
        let widened = close.follow(500.0, all, june_2014, true);
        let shown = widened.shown(500.0);
        assert!(shown.start < 16_231.0 && shown.end > 16_232.0, "{shown:?}");
        let was = close.shown(500.0);
        assert!(
            shown.start < was.start && was.end <= shown.end,
            "{shown:?} {was:?}"
        );
        // The same moved span inside a chosen view's days is not a reason to move.
        let inside = span(was.start + 1.0, was.start + 2.0);
        assert_eq!(close.follow(500.0, all, inside, true), close);
    }

    #[test]
    fn ticks_follow_the_zoom_from_centuries_to_days() {
        let at = |first: Date, per_point: f64| AxisView {
            first_day: day_number(first),
            per_point,
        };
        let labels = |view: AxisView| -> Vec<String> {
            ticks(view, 700.0).into_iter().map(|t| t.label).collect()
        };
        // Three hundred days a point: centuries.
        let centuries = labels(at(Date::constant(1801, 1, 1), 300.0));
        assert_eq!(centuries.first().map(String::as_str), Some("1800s"));
        assert!(
            centuries.iter().all(|l| l.ends_with("00s")),
            "{centuries:?}"
        );
        // A year a point: decades.
        assert_eq!(
            labels(at(Date::constant(1991, 6, 1), 30.0))[..2],
            ["1990s", "2000s"]
        );
        // Ten days a point: a tick every two years.
        assert_eq!(
            labels(at(Date::constant(2011, 3, 15), 10.0))[..3],
            ["2011", "2013", "2015"]
        );
        // About ten hours a point: every other month, from the first of the month.
        assert_eq!(
            labels(at(Date::constant(2024, 12, 8), 0.44))[..3],
            ["Dec 2024", "Feb 2025", "Apr 2025"]
        );
        // Half an hour a point: days.
        assert_eq!(
            labels(at(Date::constant(2024, 12, 8), 1.0 / 48.0))[..2],
            ["8 Dec 2024", "9 Dec 2024"]
        );
        // Tick days are where their labels say.
        for tick in ticks(at(Date::constant(2024, 12, 8), 0.44), 700.0) {
            assert_eq!(
                date_of(tick.day).map(|d| d.strftime("%b %Y").to_string()),
                Some(tick.label)
            );
        }
        // Off the calendar: no ticks, no panic.
        assert!(ticks(at(Date::constant(9999, 1, 1), 3650.0), 700.0).is_empty());
    }
}
