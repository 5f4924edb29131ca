//! The world's country outlines for the map of places: Natural Earth 1:110m as TopoJSON
//! (the `world-atlas` package's file, shipped in `assets/map/`), decoded once into rings of
//! longitude and latitude.

use std::sync::OnceLock;

use serde::Deserialize;

/// One country: its name and its outline (rings of [longitude, latitude] in degrees).
#[derive(Clone, Debug, PartialEq)]
pub struct Country {
    /// The country's name.
    pub name: String,
    /// Its outline: rings of [longitude, latitude], in degrees.
    pub rings: Vec<Vec<[f32; 2]>>,
}

const COUNTRIES_110M: &str = include_str!("../../assets/map/countries-110m.json");

/// Every country of the shipped outlines, decoded on first use.
pub fn countries() -> &'static [Country] {
    static DECODED: OnceLock<Vec<Country>> = OnceLock::new();
    DECODED.get_or_init(|| decode(COUNTRIES_110M).unwrap_or_default())
}

#[derive(Deserialize)]
struct Topology {
    arcs: Vec<Vec<[i64; 2]>>,
    transform: Transform,
    objects: Objects,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct Objects {
    countries: Collection,
}

#[derive(Deserialize)]
struct Collection {
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Geometry {
    Polygon {
        arcs: Vec<Vec<i64>>,
        #[serde(default)]
        properties: Properties,
    },
    MultiPolygon {
        arcs: Vec<Vec<Vec<i64>>>,
        #[serde(default)]
        properties: Properties,
    },
    #[serde(other)]
    Other,
}

#[derive(Deserialize, Default)]
struct Properties {
    #[serde(default)]
    name: String,
}

/// Decodes a TopoJSON topology's `countries` object (quantised, delta-encoded arcs; a
/// negative arc index ~i is arc i reversed).
pub fn decode(json: &str) -> Result<Vec<Country>, serde_json::Error> {
    let topology: Topology = serde_json::from_str(json)?;
    let [sx, sy] = topology.transform.scale;
    let [tx, ty] = topology.transform.translate;
    let arcs: Vec<Vec<[f32; 2]>> = topology
        .arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.iter()
                .map(|[dx, dy]| {
                    x = x.saturating_add(*dx);
                    y = y.saturating_add(*dy);
                    [(x as f64 * sx + tx) as f32, (y as f64 * sy + ty) as f32]
                })
                .collect()
        })
        .collect();
    let ring = |indices: &[i64]| -> Vec<[f32; 2]> {
        let mut points: Vec<[f32; 2]> = Vec::new();
        for &i in indices {
            let (index, reversed) = if i < 0 { (!i, true) } else { (i, false) };
            let Some(arc) = usize::try_from(index).ok().and_then(|i| arcs.get(i)) else {
                continue;
            };
            // Consecutive arcs share their joining point: drop the repeat.
            let skip = usize::from(!points.is_empty());
            if reversed {
                points.extend(arc.iter().rev().skip(skip));
            } else {
                points.extend(arc.iter().skip(skip));
            }
        }
        points
    };
    Ok(topology
        .objects
        .countries
        .geometries
        .into_iter()
        .filter_map(|g| match g {
            Geometry::Polygon { arcs, properties } => Some(Country {
                name: properties.name,
                rings: arcs.iter().map(|r| ring(r)).collect(),
            }),
            Geometry::MultiPolygon { arcs, properties } => Some(Country {
                name: properties.name,
                rings: arcs.iter().flatten().map(|r| ring(r)).collect(),
            }),
            Geometry::Other => None,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether (lon, lat) is inside `ring` (even-odd rule).
    fn inside(ring: &[[f32; 2]], [x, y]: [f32; 2]) -> bool {
        let mut inside = false;
        for (i, a) in ring.iter().enumerate() {
            let b = ring[(i + 1) % ring.len()];
            if (a[1] > y) != (b[1] > y) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0] {
                inside = !inside;
            }
        }
        inside
    }

    #[test]
    fn the_shipped_outlines_decode_with_countries_where_they_are() {
        let all = countries();
        assert!(all.len() > 170, "{}", all.len());
        let syria = all.iter().find(|c| c.name == "Syria").expect("Syria");
        // Damascus (36.3 E, 33.5 N) and Aleppo (37.2 E, 36.2 N) are in Syria's outline.
        assert!(syria.rings.iter().any(|r| inside(r, [36.3, 33.5])));
        assert!(syria.rings.iter().any(|r| inside(r, [37.2, 36.2])));
        let iraq = all.iter().find(|c| c.name == "Iraq").expect("Iraq");
        assert!(!iraq.rings.iter().any(|r| inside(r, [36.3, 33.5])));
        assert!(iraq.rings.iter().any(|r| inside(r, [43.1, 36.3])), "Mosul");
        for c in all {
            for r in &c.rings {
                for p in r {
                    assert!((-180.0..=180.0).contains(&p[0]) && (-90.0..=90.0).contains(&p[1]));
                }
            }
        }
    }

    #[test]
    fn a_broken_file_is_an_error_not_a_panic() {
        assert!(decode("{").is_err());
        assert!(decode("{\"arcs\": [], \"transform\": {\"scale\": [1, 1], \"translate\": [0, 0]}, \"objects\": {\"countries\": {\"geometries\": [{\"type\": \"Polygon\", \"arcs\": [[5, -9]]}]}}}").is_ok());
    }
}
