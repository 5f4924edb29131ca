//! Imports: work done in other tools, brought in as Dossier projects.
//!
//! No egui here: the window's File > Import and `dossier import` both call these
//! functions. (Documents of other formats, HTML, PDF, DOCX, are not imports: the corpus
//! loader reads them, in `corpus::formats`.)

pub mod qdpx;
