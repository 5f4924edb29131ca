//! The real binary opens its window on `sample_data` under a virtual X display (Xvfb with
//! Mesa's software Vulkan) and keeps running. Needs the packages `.ci/run` installs, hence
//! the `system-tests` feature.
#![cfg(feature = "system-tests")]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_display() -> u32 {
    (90..200)
        .find(|d| {
            !Path::new(&format!("/tmp/.X11-unix/X{d}")).exists()
                && !Path::new(&format!("/tmp/.X{d}-lock")).exists()
        })
        .expect("a free X display number")
}

#[test]
fn the_window_opens_on_the_sample_folder_and_draws() {
    let d = free_display();
    let display = format!(":{d}");
    let _xvfb = Killed(
        Command::new("Xvfb")
            .args([
                display.as_str(),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb is installed (.ci/run installs it)"),
    );
    let socket = format!("/tmp/.X11-unix/X{d}");
    let start = Instant::now();
    while !Path::new(&socket).exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "Xvfb did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let home = tempfile::tempdir().expect("tempdir");
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/sample_data");
    let mut app = Killed(
        Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg(sample)
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dossier"),
    );
    // Give the software renderer time for the first frames.
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(8) {
        if let Some(status) = app.0.try_wait().expect("poll") {
            let mut err = String::new();
            if let Some(mut e) = app.0.stderr.take() {
                use std::io::Read;
                let _ = e.read_to_string(&mut err);
            }
            panic!("dossier exited early ({status}): {err}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    // The screen is no longer a blank X root: the window drew its panels and text.
    let shot = Command::new("xwd")
        .args(["-root", "-silent", "-display", display.as_str()])
        .output()
        .expect("xwd is installed");
    assert!(shot.status.success());
    let pixels = &shot.stdout[shot.stdout.len().saturating_sub(1280 * 800 * 4)..];
    let mut distinct = std::collections::HashSet::new();
    for px in pixels.chunks_exact(4).step_by(7) {
        distinct.insert([px[0], px[1], px[2]]);
    }
    assert!(
        distinct.len() > 20,
        "only {} colours on screen: nothing drawn",
        distinct.len()
    );
}
