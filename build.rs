//! Embeds every `controls/*.yaml` file of the repository into the binary as the built-in library.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dir = manifest.join("controls");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = Vec::new();
    if let Ok(entries) = fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".yaml") || name.ends_with(".yml") {
                println!("cargo:rerun-if-changed={}", entry.path().display());
                names.push(name);
            }
        }
    }
    names.sort();
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("builtin_controls.rs");
    let mut file = fs::File::create(out)?;
    writeln!(file, "/// The built-in library's files: (name, text).")?;
    writeln!(file, "pub static BUILTIN: &[(&str, &str)] = &[")?;
    for name in &names {
        let path = dir.join(name);
        writeln!(
            file,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )?;
    }
    writeln!(file, "];")?;
    Ok(())
}
