//! The smallest typst `World` that can lay out one of our documents: the
//! template as the main source, the shared `common.typ` beside it, the fonts
//! bundled with typst and nothing else. No file system, no network, no
//! system fonts, and the date is the document's own, so the same data always
//! gives the same pages.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Dict, Duration, Str, Value};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The shared template that every document imports.
const COMMON: &str = include_str!("../templates/common.typ");

/// The fonts bundled with typst, loaded once per process.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
    Fonts { book: LazyHash::new(FontBook::from_fonts(&fonts)), fonts }
});

/// One document to lay out: its template, its data (JSON, read by the
/// template as `json(bytes(sys.inputs.data))`) and its date.
pub(crate) struct DocWorld {
    library: LazyHash<Library>,
    main: Source,
    common: Source,
    today: Option<Datetime>,
}

fn file_id(name: &str) -> Option<FileId> {
    let path = VirtualPath::new(name).ok()?;
    Some(FileId::new(RootedPath::new(VirtualRoot::Project, path)))
}

impl DocWorld {
    /// A world whose main source is `template` (named `name`), with `data`
    /// as the input called `data`. `None` only if a name is not a valid path.
    pub(crate) fn new(name: &str, template: &str, data: String, today: (i32, u8, u8)) -> Option<Self> {
        let mut inputs = Dict::new();
        inputs.insert("data".into(), Value::Str(Str::from(data)));
        let library = Library::builder().with_inputs(inputs).build();
        Some(Self {
            library: LazyHash::new(library),
            main: Source::new(file_id(name)?, template.to_string()),
            common: Source::new(file_id("common.typ")?, COMMON.to_string()),
            today: Datetime::from_ymd(today.0, today.1, today.2),
        })
    }
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if id == self.common.id() {
            Ok(self.common.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.source(id).map(|s| Bytes::from_string(s.text().to_string()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
