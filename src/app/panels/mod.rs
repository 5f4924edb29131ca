//! The window's panels. Each takes what it shows (borrowed) and a queue of actions; none
//! changes application state directly.

pub mod agreement;
pub mod annotations;
pub mod codebook;
pub mod coded;
pub mod compare;
pub mod dialogs;
pub mod doc_list;
pub mod doc_tree;
pub mod entities;
pub mod entity_index;
pub mod entity_place;
pub mod map;
pub mod menu_bar;
pub mod merge;
pub mod network;
pub mod ocr_languages;
pub mod palette;
pub mod pan_zoom;
pub mod region_preview;
pub mod search;
pub mod status_bar;
pub mod timeline;
pub mod welcome;
pub mod widgets;
