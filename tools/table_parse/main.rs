//! Times the place table's parse (`src/entities/geo/table.rs`) on its own, without building
//! the crate: for a machine too loaded to build the release bench (`cargo bench --bench
//! entities` prints the same figure, "place table parsed on first use in ... ms", with the
//! app's allocator). Built with the system allocator:
//!
//!     rustc --edition 2024 -C opt-level=3 tools/table_parse/main.rs -o /tmp/table_parse
//!     perf stat -r 5 -e task-clock /tmp/table_parse
//!
//! One parse per process, as in the app (the first use); prints its wall time.

#![allow(dead_code, reason = "only the table's parse is used")]

#[path = "../../src/entities"]
mod entities {
    pub mod fold;
    mod fold_table;
    pub mod words {
        //! The hasher of `src/entities/words.rs`.
        use std::hash::{BuildHasherDefault, Hasher};
        pub type FastHash = BuildHasherDefault<Fnv>;
        #[derive(Default)]
        pub struct Fnv(u64);
        impl Hasher for Fnv {
            fn finish(&self) -> u64 {
                self.0
            }
            fn write(&mut self, bytes: &[u8]) {
                let mut h = if self.0 == 0 {
                    0xcbf2_9ce4_8422_2325
                } else {
                    self.0
                };
                for &b in bytes {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(0x0100_0000_01b3);
                }
                self.0 = h;
            }
        }
    }
    pub mod geo {
        pub mod table;
    }
}

fn main() {
    let start = std::time::Instant::now();
    let table = entities::geo::table::Table::shared();
    let ms = start.elapsed().as_secs_f64() * 1e3;
    println!(
        "place table parsed in {ms:.1} ms ({} entries named Paris)",
        table.named("paris").len()
    );
}
