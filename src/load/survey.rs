//! A front matter that does not read whole, read again field by field, so that one
//! problem does not hide the next: every missing field, every value of the wrong type and
//! every unknown key, each at its own line, and whatever fields do read (see
//! [`Survey::field`]) for the checks that come after.
//!
//! A typed deserialisation stops at its first error. Here each field is deserialised on
//! its own, with the same YAML library and the same types, by a seed that walks to it and
//! skips the rest of the document: so a value reads here exactly as it reads in the typed
//! parse. What the fields are, and which are required, is a [`Shape`] kept beside each
//! front-matter struct (`load::content`), whose tests hold the two equal.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
    Visitor,
};

use crate::diagnostics::{Diagnostic, code};
use crate::load::yaml::{self, Spanned};

/// One step into a YAML value: a mapping's key or a sequence's item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Key(&'static str),
    Index(usize),
}

/// What a front-matter value is made of, for finding all its problems.
pub(crate) struct Shape {
    /// Reads the value at a path as its Rust type: its first problem, if any.
    check: fn(&Survey, &[Step]) -> Result<(), serde_saphyr::Error>,
    parts: Parts,
}

/// What [`Survey::problems`] looks into when a value does not read whole.
pub(crate) enum Parts {
    /// Nothing: the first problem is the problem.
    Whole,
    /// A list: each item, on its own.
    Items(&'static Shape),
    /// A mapping: each field on its own, missing and unknown keys.
    Fields(&'static [Field]),
}

/// One key of a mapping.
pub(crate) struct Field {
    pub name: &'static str,
    pub required: bool,
    pub shape: Shape,
}

impl Shape {
    /// A value of type `T`, reported by its first problem.
    pub(crate) const fn whole<T: DeserializeOwned>() -> Shape {
        Shape {
            check: check::<T>,
            parts: Parts::Whole,
        }
    }

    /// A value of type `T` made of `parts`, each looked into when `T` does not read.
    pub(crate) const fn of<T: DeserializeOwned>(parts: Parts) -> Shape {
        Shape {
            check: check::<T>,
            parts,
        }
    }

    /// The names of the fields of a mapping shape (none for others).
    #[cfg(test)]
    pub(crate) fn field_names(&self) -> Vec<&'static str> {
        match self.parts {
            Parts::Fields(fields) => fields.iter().map(|f| f.name).collect(),
            _ => Vec::new(),
        }
    }
}

impl Field {
    pub(crate) const fn required(name: &'static str, shape: Shape) -> Field {
        Field {
            name,
            required: true,
            shape,
        }
    }

    pub(crate) const fn optional(name: &'static str, shape: Shape) -> Field {
        Field {
            name,
            required: false,
            shape,
        }
    }
}

fn check<T: DeserializeOwned>(survey: &Survey, path: &[Step]) -> Result<(), serde_saphyr::Error> {
    survey.probe::<T>(path).map(|_| ())
}

/// How many bytes of YAML one survey may read in all (each read is of the whole front
/// matter), so a huge front matter costs a bounded time: past this, what was found is
/// reported, and at least the typed parse's own problem always is.
const READ_BUDGET: usize = 2 * 1024 * 1024;

/// Reads every survey may make, however long its front matter: enough for each top-level
/// field once.
const MIN_READS: usize = 16;

/// One front matter, read field by field.
pub(crate) struct Survey<'a> {
    file: &'a Path,
    yaml: &'a str,
    first_line: usize,
    /// How many more times the front matter may be read.
    reads_left: Cell<usize>,
}

impl<'a> Survey<'a> {
    /// The front matter `yaml` of `file`, starting on line `first_line`; `None` when it
    /// does not read as a mapping at all (bad YAML syntax, a duplicate key, YAML over the
    /// limits, or a list or text where the fields should be): then the typed parse's one
    /// problem is the whole story.
    pub(crate) fn new(file: &'a Path, yaml: &'a str, first_line: usize) -> Option<Self> {
        let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
        let survey = Survey {
            file,
            yaml,
            first_line,
            reads_left: Cell::new((READ_BUDGET / yaml.len().max(1)).max(MIN_READS)),
        };
        match survey.probe::<Spanned<Keys>>(&[]) {
            Ok(Some(_)) => Some(survey),
            _ => None,
        }
    }

    /// The value at `path` read as `T`: `None` when absent (or when the reads are used
    /// up); the first problem when it does not read.
    fn probe<T: DeserializeOwned>(&self, path: &[Step]) -> Result<Option<T>, serde_saphyr::Error> {
        let Some(left) = self.reads_left.get().checked_sub(1) else {
            return Ok(None);
        };
        self.reads_left.set(left);
        serde_saphyr::with_deserializer_from_str(self.yaml, |deserializer| {
            At::<T> {
                path,
                wanted: PhantomData,
            }
            .deserialize(deserializer)
        })
    }

    /// The top-level field `name`, when it is there and reads as `T`.
    pub(crate) fn field<T: DeserializeOwned>(&self, name: &'static str) -> Option<T> {
        self.value(&[Step::Key(name)])
    }

    /// The value at `path`, when it is there and reads as `T`.
    pub(crate) fn value<T: DeserializeOwned>(&self, path: &[Step]) -> Option<T> {
        self.probe(path).ok().flatten()
    }

    /// Whether the value at `path` is a mapping.
    pub(crate) fn is_mapping(&self, path: &[Step]) -> bool {
        matches!(self.probe::<Keys>(path), Ok(Some(_)))
    }

    /// The items of the top-level list `name` that read as `T`, in order; none when it is
    /// not a list.
    pub(crate) fn items<T: DeserializeOwned>(&self, name: &'static str) -> Vec<T> {
        let Ok(Some(count)) = self.probe::<Count>(&[Step::Key(name)]) else {
            return Vec::new();
        };
        (0..count.0)
            .filter_map(|i| {
                self.probe(&[Step::Key(name), Step::Index(i)])
                    .ok()
                    .flatten()
            })
            .collect()
    }

    /// Every problem of the front matter against `shape`, in the order written.
    pub(crate) fn problems(&self, shape: &Shape) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let mut path = Vec::new();
        self.look(shape, &mut path, &mut problems);
        problems
    }

    fn look(&self, shape: &Shape, path: &mut Vec<Step>, problems: &mut Vec<Diagnostic>) {
        if let Err(first) = (shape.check)(self, path) {
            self.look_into(shape, first, path, problems);
        }
    }

    /// The problems inside a value at `path` that does not read, `first` being its first.
    fn look_into(
        &self,
        shape: &Shape,
        first: serde_saphyr::Error,
        path: &mut Vec<Step>,
        problems: &mut Vec<Diagnostic>,
    ) {
        let before = problems.len();
        match shape.parts {
            Parts::Whole => {}
            Parts::Items(item) => {
                if let Ok(Some(count)) = self.probe::<Count>(path) {
                    for index in 0..count.0 {
                        path.push(Step::Index(index));
                        self.look(item, path, problems);
                        path.pop();
                    }
                }
            }
            Parts::Fields(fields) => {
                if let Ok(Some(keys)) = self.probe::<Spanned<Keys>>(path) {
                    self.look_into_fields(fields, &keys, path, problems);
                }
            }
        }
        // Nothing more precise found (a value of another kind altogether, or the reads
        // used up): the first problem stands for the whole value.
        if problems.len() == before {
            problems.push(self.diagnostic(&first));
        }
    }

    /// Unknown and missing keys, then each field that does not read: all of them read
    /// once before any is looked into, so a long list cannot use up the reads the
    /// fields after it need.
    fn look_into_fields(
        &self,
        fields: &'static [Field],
        keys: &Spanned<Keys>,
        path: &mut Vec<Step>,
        problems: &mut Vec<Diagnostic>,
    ) {
        for key in &keys.value.0 {
            let Some(name) = key.value.as_deref() else {
                continue;
            };
            if !fields.iter().any(|f| f.name == name) {
                let known: Vec<String> = fields.iter().map(|f| format!("`{}`", f.name)).collect();
                let message = format!(
                    "unknown field `{name}`, expected one of {}",
                    known.join(", ")
                );
                problems.push(self.at(key, code::UNKNOWN_KEY, &message));
            }
        }
        let mut failed = Vec::new();
        for field in fields {
            let present = keys
                .value
                .0
                .iter()
                .any(|k| k.value.as_deref() == Some(field.name));
            if present {
                path.push(Step::Key(field.name));
                if let Err(first) = (field.shape.check)(self, path) {
                    failed.push((field, first));
                }
                path.pop();
            } else if field.required {
                let message = format!("missing field `{}`", field.name);
                problems.push(self.at(keys, code::MISSING_FIELD, &message));
            }
        }
        for (field, first) in failed {
            path.push(Step::Key(field.name));
            self.look_into(&field.shape, first, path, problems);
            path.pop();
        }
    }

    /// A problem found here, at the place `value` was written, in the words the typed
    /// parse uses for it.
    fn at<T>(&self, value: &Spanned<T>, code: &'static str, message: &str) -> Diagnostic {
        let (classified, hint) = yaml::classify(message);
        debug_assert_eq!(classified, code);
        let mut problem = Diagnostic::error(code, self.file, yaml::plain_message(code, message));
        if let Some(hint) = hint {
            problem = problem.with_hint(hint);
        }
        if value.referenced.line() > 0 {
            let (line, column) = yaml::position(value, self.first_line);
            problem = problem.at(line, column);
        }
        problem
    }

    fn diagnostic(&self, error: &serde_saphyr::Error) -> Diagnostic {
        yaml::diagnostic(self.file, error, self.first_line)
    }
}

/// Walks `path` through the document, skipping everything else, and reads `T` there.
struct At<'p, T> {
    path: &'p [Step],
    wanted: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for At<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        match self.path.split_first() {
            None => T::deserialize(deserializer).map(Some),
            Some((&step, rest)) => deserializer.deserialize_any(Walk::<T> {
                step,
                rest,
                wanted: PhantomData,
            }),
        }
    }
}

/// One step of [`At`]: into a mapping by key, or into a sequence by position. A value of
/// another kind has nothing there.
struct Walk<'p, T> {
    step: Step,
    rest: &'p [Step],
    wanted: PhantomData<T>,
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Walk<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping or a list")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let mut found = None;
        while let Some(key) = map.next_key::<Key>()? {
            match (self.step, key.0) {
                (Step::Key(wanted), Some(name)) if found.is_none() && name == wanted => {
                    found = map.next_value_seed(At::<T> {
                        path: self.rest,
                        wanted: PhantomData,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(found)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
        let mut found = None;
        let mut index = 0;
        loop {
            let item = if self.step == Step::Index(index) {
                seq.next_element_seed(At::<T> {
                    path: self.rest,
                    wanted: PhantomData,
                })?
                .map(|value| found = value)
            } else {
                seq.next_element::<IgnoredAny>()?.map(|_| ())
            };
            if item.is_none() {
                return Ok(found);
            }
            index += 1;
        }
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
}

/// A mapping key as text; `None` for a key that is a list or a mapping.
struct Key(Option<String>);

impl<'de> de::Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Key, E> {
                Ok(Key(Some(text.to_string())))
            }
            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Key, E> {
                Ok(Key(Some(value.to_string())))
            }
            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Key, E> {
                Ok(Key(Some(value.to_string())))
            }
            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Key, E> {
                Ok(Key(Some(value.to_string())))
            }
            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Key, E> {
                Ok(Key(Some(value.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
                Ok(Key(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Key, E> {
                Ok(Key(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Key, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Key(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Key(None))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

/// The keys of a mapping, each where it was written.
struct Keys(Vec<Spanned<Option<String>>>);

impl<'de> de::Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Keys, D::Error> {
        struct KeysVisitor;
        impl<'de> Visitor<'de> for KeysVisitor {
            type Value = Keys;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("fields, such as `{key: value}`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<Spanned<Key>>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(Spanned::new(key.value.0, key.referenced, key.defined));
                }
                Ok(Keys(keys))
            }
        }
        deserializer.deserialize_map(KeysVisitor)
    }
}

/// How many items a list has.
struct Count(usize);

impl<'de> de::Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Count, D::Error> {
        struct CountVisitor;
        impl<'de> Visitor<'de> for CountVisitor {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list, such as `[a, b]`")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Count, A::Error> {
                let mut count = 0;
                while seq.next_element::<IgnoredAny>()?.is_some() {
                    count += 1;
                }
                Ok(Count(count))
            }
        }
        deserializer.deserialize_seq(CountVisitor)
    }
}

/// The field names a front-matter struct's serde derive knows, read from its own
/// "unknown field" message: for the tests that hold each [`Shape`] to its struct.
#[cfg(test)]
pub(crate) fn serde_fields<T: DeserializeOwned>() -> Vec<String> {
    let error = match serde_saphyr::from_str::<T>("zz-no-such-key: 1\n") {
        Ok(_) => panic!("a key that is not a field was accepted"),
        Err(error) => error.without_snippet().to_string(),
    };
    let list = error
        .split_once("expected one of ")
        .map_or(error.as_str(), |(_, list)| list);
    let list = list.lines().next().unwrap_or("");
    let list = list.split(" at line ").next().unwrap_or(list);
    list.split(',')
        .map(|name| name.trim().trim_matches('`').to_string())
        .map(|name| name.split('`').next().unwrap_or("").to_string())
        .filter(|name| !name.is_empty())
        .collect()
}
