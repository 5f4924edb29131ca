//! Seeing the corpus as a whole: the entity network (who appears with whom), with a
//! force-directed layout and exports for other tools.

pub mod agreement;
pub mod ambiguous;
pub mod conflicts;
pub mod coref;
pub mod dated;
pub mod event_words;
pub mod events;
pub mod force;
pub mod interval;
pub mod lanes;
pub mod network;
pub mod network_export;
pub mod places;
pub mod surnames;
pub mod time_axis;
pub mod timeline;
pub mod timeline_export;
pub mod world;
