//! A gazetteer entry as people read it, by its id: its name, the first-level region and
//! the country it is in, its coordinates. What a window shows of a place that no mention of
//! the corpus links to any more (the other side of a merge, a candidate not chosen).

use super::table::{Class, Table};

/// What the gazetteer says of one entry.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceFacts {
    /// The GeoNames id (ids from 4,000,000,000 on are Dossier's own).
    pub geonameid: u32,
    /// Its name ("Paris").
    pub name: String,
    /// The first-level region it is in ("Texas"), if any and not itself.
    pub region: Option<String>,
    /// The country it is in ("United States"), if any and not itself.
    pub country: Option<String>,
    /// ISO 3166 country code ("US"), empty when none.
    pub country_code: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
}

/// The entry of a GeoNames (or Dossier) id, `None` when the gazetteer has none.
pub fn place_facts(geonameid: u32) -> Option<PlaceFacts> {
    let table = Table::shared();
    let e = table.by_id(geonameid)?;
    Some(PlaceFacts {
        geonameid,
        name: e.name.to_string(),
        region: table
            .region_of(e)
            .filter(|r| r.name != e.name)
            .map(|r| r.name.to_string()),
        country: table
            .country_of(e)
            .filter(|_| e.class != Class::Country)
            .map(|c| c.name.to_string()),
        country_code: e.country_code().to_owned(),
        lat: f64::from(e.lat_e5) / 1e5,
        lon: f64::from(e.lon_e5) / 1e5,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_read_as_its_name_region_country_and_coordinates() {
        // Paris, Texas (GeoNames 4717560) and Paris, France (2988507).
        let texas = place_facts(4_717_560).expect("Paris, Texas");
        assert_eq!(texas.name, "Paris");
        assert_eq!(texas.region.as_deref(), Some("Texas"));
        assert_eq!(texas.country.as_deref(), Some("United States"));
        assert_eq!(texas.country_code, "US");
        assert!((texas.lat - 33.66).abs() < 0.1 && (texas.lon + 95.55).abs() < 0.1);
        let france = place_facts(2_988_507).expect("Paris, France");
        assert_eq!(france.country_code, "FR");
        assert!((france.lat - 48.85).abs() < 0.1 && (france.lon - 2.35).abs() < 0.1);
        assert_eq!(place_facts(1), None);
    }
}
