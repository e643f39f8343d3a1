//! The command line: a thin shell over the library.
//!
//! Output goes to writers handed in by the caller so every command can be
//! tested without a process.

mod output;
mod suggest;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

use factdesk_core::edit::{Edit, Who};
use factdesk_core::error::{Error, Result};
use factdesk_core::model::{Source, SourceKind, SourceLink, Stance, Verdict};
use factdesk_core::session::{EditSession, Saved};
use factdesk_core::slug::{SourceId, StoryId};
use factdesk_core::store::Desk;
use factdesk_core::store::lock::DEFAULT_WAIT;

#[derive(Debug, Parser)]
#[command(
    name = "factdesk",
    version,
    about = "A terminal fact-check desk for newsrooms",
    long_about = "A terminal fact-check desk for newsrooms.\n\nWithout a subcommand, opens the desk screen."
)]
pub struct Cli {
    /// The desk folder [default: ./data when it is a desk, else the
    /// platform data folder]
    #[arg(long, global = true, env = "FACTDESK_DESK", value_name = "DIR")]
    pub desk: Option<PathBuf>,

    /// Your name in the claims' history [default: the login name]
    #[arg(long, global = true, env = "FACTDESK_EDITOR", value_name = "NAME")]
    pub editor: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make the --desk folder a new, empty desk
    Init {
        /// The desk's name
        #[arg(long, default_value = "Fact desk")]
        name: String,
        /// The organisation publishing the verdicts (used in exports)
        #[arg(long)]
        organisation: Option<String>,
    },
    /// Read every file of the desk and report every problem
    /// (`file:line:col: message`); exit 1 when there is any
    Check,
    /// Import article files, one story each, with suggested claims
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Score every sentence of an article for how worth checking it is,
    /// best first, with the cues behind each score; imports nothing
    Suggest {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// List the desk's stories, newest first
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show a story's claims with verdicts, speakers, sources and notes
    Show {
        story: String,
        #[arg(long)]
        json: bool,
    },
    /// Give a claim a verdict, link sources, add a note
    Tag {
        story: String,
        claim: u32,
        /// pending, confirmed, unconfirmed or disputed (prefixes work)
        verdict: String,
        /// ID[:supports|contradicts|context]; the stance defaults to
        /// supports for confirmed, contradicts for disputed, else context
        #[arg(long = "source", value_name = "ID[:STANCE]")]
        sources: Vec<String>,
        #[arg(long)]
        note: Option<String>,
        /// When someone else is editing the story, wait for them (up to 30
        /// seconds) instead of giving up at once
        #[arg(long)]
        wait: bool,
    },
    /// The desk's source registry
    #[command(subcommand)]
    Source(SourceCommand),
    /// Search every claim of the desk: past verdicts by text, verdict,
    /// source, speaker, outlet and date
    #[command(
        after_help = "QUERY: words (found, case ignored, in quote, speaker, note and source names) and filters verdict:V source:ID speaker:S outlet:O since:DATE until:DATE; quote values with spaces: speaker:\"defense ministry\". Flags add the same filters."
    )]
    Search {
        /// Words and KEY:VALUE filters
        #[arg(value_name = "QUERY")]
        query: Vec<String>,
        #[arg(long, value_name = "VERDICT")]
        verdict: Option<String>,
        /// A linked source's id or name (substring)
        #[arg(long, value_name = "ID")]
        source: Option<String>,
        #[arg(long, value_name = "SPEAKER")]
        speaker: Option<String>,
        #[arg(long, value_name = "OUTLET")]
        outlet: Option<String>,
        #[command(flatten)]
        dates: DateRange,
        #[arg(long)]
        json: bool,
    },
    /// Counts of verdicts, outlets, speakers, sources and editors
    Stats {
        #[command(flatten)]
        dates: DateRange,
        #[arg(long)]
        json: bool,
    },
    /// Every change to a story's claims (or one claim), oldest first
    History { story: String, claim: Option<u32> },
    /// Publish verdicts as ClaimReview JSON-LD, Markdown or CSV
    Export {
        /// The story to export
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        story: Option<String>,
        /// Every story of the desk, newest first
        #[arg(long)]
        all: bool,
        /// claimreview (schema.org JSON-LD), markdown or csv
        #[arg(long, value_parser = parse_format)]
        format: factdesk_core::export::Format,
        /// Write to FILE instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long, requires = "output")]
        force: bool,
    },
}

/// `--since`/`--until`, shared by the commands that look back over a period.
#[derive(Debug, clap::Args)]
pub struct DateRange {
    /// Story date on or after (YYYY-MM-DD, YYYY-MM or YYYY)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Story date on or before (YYYY-MM-DD, YYYY-MM or YYYY)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a source to the registry
    Add {
        id: String,
        #[arg(long)]
        name: String,
        /// wire, official-statement, document, interview, social-post, other
        #[arg(long, default_value = "other")]
        kind: String,
        #[arg(long)]
        url: Option<String>,
        #[arg(long)]
        outlet: Option<String>,
        /// When the source was accessed (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        accessed: Option<NaiveDate>,
    },
    /// List the registry
    List {
        #[arg(long)]
        json: bool,
    },
    /// Merge a duplicate source into another: every claim linking FROM
    /// links INTO instead (recorded in each claim's history), then FROM
    /// leaves the registry
    Merge { from: String, into: String },
}

/// The editor's name: `--editor`/`FACTDESK_EDITOR` (clap reads both), else
/// the login name.
pub fn editor_name(flag: Option<&str>) -> String {
    flag.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .or_else(|| {
            ["USER", "LOGNAME", "USERNAME"]
                .iter()
                .filter_map(|v| std::env::var(v).ok())
                .find(|s| !s.trim().is_empty())
        })
        .unwrap_or_else(|| "editor".to_string())
}

/// The whole command line: a subcommand, or the desk screen without one.
/// Returns the process's exit code.
pub fn main(args: Cli) -> i32 {
    let editor = editor_name(args.editor.as_deref());
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let (weights, problem) = factdesk_core::import::Weights::load_user();
    if let Some(e) = problem {
        report(&mut err, &format!("warning: {e}"));
    }
    weights.install();
    match &args.command {
        Some(Command::Check) => return check(args.desk.as_deref(), &mut out, &mut err),
        Some(Command::Init { name, organisation }) => {
            let Some(dir) = args.desk.as_deref() else {
                report(&mut err, &"init needs --desk DIR");
                return 1;
            };
            return match init(dir, name, organisation.clone()) {
                Ok(_) => {
                    let _ = writeln!(out, "{}", dir.display());
                    0
                }
                Err(e) => {
                    report(&mut err, &e);
                    1
                }
            };
        }
        _ => {}
    }
    let desk = match resolve_desk(args.desk.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            report(&mut err, &e);
            return 1;
        }
    };
    match args.command {
        Some(command) => run(&desk, &editor, command, &mut out, &mut err),
        None => {
            drop((out, err));
            match factdesk_tui::run(desk, editor) {
                Ok(()) => 0,
                Err(e) => {
                    report(&mut std::io::stderr(), &e);
                    1
                }
            }
        }
    }
}

fn parse_format(s: &str) -> Result<factdesk_core::export::Format> {
    s.parse()
}

/// Run a subcommand. Returns the process exit code: 0 when everything
/// worked, 1 when something failed (already reported on `err`).
pub fn run(
    desk: &Desk,
    editor: &str,
    command: Command,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let result = match command {
        Command::Init { .. } | Command::Check => Ok(()),
        Command::Import { files } => return import(desk, editor, &files, out, err),
        Command::Suggest { file, json } => suggest::suggest(&desk.settings, &file, json, out),
        Command::List { json } => list(desk, json, out, err),
        Command::Show { story, json } => show(desk, &story, json, out, err),
        Command::Tag {
            story,
            claim,
            verdict,
            sources,
            note,
            wait,
        } => {
            let args = TagArgs {
                story: &story,
                claim,
                verdict: &verdict,
                sources: &sources,
                note,
                wait,
            };
            tag(desk, editor, args, out, err)
        }
        Command::Source(SourceCommand::Add {
            id,
            name,
            kind,
            url,
            outlet,
            accessed,
        }) => source_add(desk, &id, name, &kind, url, outlet, accessed, out),
        Command::Source(SourceCommand::List { json }) => source_list(desk, json, out),
        Command::Source(SourceCommand::Merge { from, into }) => {
            source_merge(desk, editor, &from, &into, out)
        }
        Command::Search {
            query,
            verdict,
            source,
            speaker,
            outlet,
            dates,
            json,
        } => {
            let flags = [
                ("verdict", verdict),
                ("source", source),
                ("speaker", speaker),
                ("outlet", outlet),
                ("since", dates.since),
                ("until", dates.until),
            ];
            search(desk, &query.join(" "), &flags, json, out, err)
        }
        Command::Stats { dates, json } => stats(
            desk,
            &[("since", dates.since), ("until", dates.until)],
            json,
            out,
            err,
        ),
        Command::History { story, claim } => history(desk, &story, claim, out),
        Command::Export {
            story,
            all,
            format,
            output,
            force,
        } => export(
            desk,
            story.as_deref().filter(|_| !all),
            format,
            output.as_deref(),
            force,
            out,
            err,
        ),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            report(err, &e);
            1
        }
    }
}

/// One `factdesk: …` line on stderr. Messages can quote file names and
/// file contents, so they go through [`factdesk_core::text::printable`] too.
pub fn report(err: &mut dyn Write, e: &dyn std::fmt::Display) {
    let _ = writeln!(
        err,
        "factdesk: {}",
        factdesk_core::text::printable(&e.to_string())
    );
}

fn io_err(e: std::io::Error) -> Error {
    Error::io("<stdout>", e)
}

fn json_line<T: serde::Serialize>(value: &T, out: &mut dyn Write) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::Usage(e.to_string()))?;
    writeln!(out, "{}", factdesk_core::text::json_safe(&text)).map_err(io_err)
}

/// The query string with the command line's filter flags added.
fn build_query(
    text: &str,
    flags: &[(&str, Option<String>)],
) -> Result<factdesk_core::query::Query> {
    let usage = |e: factdesk_core::query::QueryError| Error::Usage(e.to_string());
    let mut q = factdesk_core::query::parse(text).map_err(usage)?;
    for (key, value) in flags {
        if let Some(v) = value {
            q.set(key, v).map_err(usage)?;
        }
    }
    Ok(q)
}

fn report_problems(problems: &[Error], err: &mut dyn Write) {
    for p in problems {
        report(err, p);
    }
}

fn search(
    desk: &Desk,
    text: &str,
    flags: &[(&str, Option<String>)],
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let q = build_query(text, flags)?;
    let (rows, problems) = factdesk_core::archive::load_for_query(desk, &q);
    report_problems(&problems, err);
    let hits = factdesk_core::archive::search(&rows, &q);
    if json {
        let items: Vec<_> = hits
            .iter()
            .map(|h| output::HitJson::new(&rows[h.index], h))
            .collect();
        return json_line(&items, out);
    }
    for h in &hits {
        writeln!(out, "{}", output::hit_line(&rows[h.index])).map_err(io_err)?;
    }
    Ok(())
}

fn stats(
    desk: &Desk,
    flags: &[(&str, Option<String>)],
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let q = build_query("", flags)?;
    let filters = factdesk_core::archive::Filters::of(&q);
    let (rows, problems) = factdesk_core::archive::load(desk);
    report_problems(&problems, err);
    let stats = factdesk_core::stats::compute(rows.iter().filter(|r| r.passes(&filters)));
    if json {
        return json_line(&stats, out);
    }
    write!(out, "{}", factdesk_core::stats::render(&stats)).map_err(io_err)
}

fn history(desk: &Desk, story: &str, claim: Option<u32>, out: &mut dyn Write) -> Result<()> {
    let doc = load_story_arg(desk, story)?;
    let lines = factdesk_core::history::lines(doc.story(), claim)?;
    write!(
        out,
        "{}",
        factdesk_core::history::render(&lines, &chrono::Local)
    )
    .map_err(io_err)
}

fn export(
    desk: &Desk,
    story: Option<&str>,
    format: factdesk_core::export::Format,
    output: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let stories = match story {
        Some(id) => vec![load_story_arg(desk, id)?.file.value],
        None => {
            let (stories, problems) = factdesk_core::archive::load_stories(desk);
            if !problems.is_empty() {
                report_problems(&problems, err);
                return Err(Error::Usage(format!(
                    "{} {} could not be read; nothing exported",
                    problems.len(),
                    if problems.len() == 1 {
                        "story"
                    } else {
                        "stories"
                    }
                )));
            }
            stories
        }
    };
    let registry = desk.load_sources()?.value;
    let bytes = factdesk_core::export::render(format, &stories, &registry, &desk.settings)?;
    match output {
        Some(path) => {
            refuse_inside_desk(desk, path)?;
            factdesk_core::export::write_file(path, &bytes, force)?;
            writeln!(
                out,
                "{}",
                factdesk_core::text::printable(&path.display().to_string())
            )
            .map_err(io_err)
        }
        None => out.write_all(&bytes).map_err(io_err),
    }
}

/// Exports go outside the desk: a `-o` (with `--force`) naming a desk file
/// would replace a story or the registry with a report.
fn refuse_inside_desk(desk: &Desk, path: &Path) -> Result<()> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (Ok(dir), Ok(root)) = (parent.canonicalize(), desk.root().canonicalize()) else {
        return Ok(()); // a missing folder: the write reports it
    };
    if dir.starts_with(&root) {
        return Err(Error::Usage(format!(
            "{}: inside the desk folder, whose files are factdesk's own; export to a file outside it",
            factdesk_core::text::printable(&path.display().to_string())
        )));
    }
    Ok(())
}

fn import(
    desk: &Desk,
    editor: &str,
    files: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let mut code = 0;
    for result in factdesk_core::store::import_files(desk, files, editor) {
        match result {
            Ok(id) => {
                let _ = writeln!(out, "{id}");
            }
            Err(e) => {
                report(err, &e);
                code = 1;
            }
        }
    }
    code
}

fn list(desk: &Desk, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let (stories, problems) = desk.summaries()?;
    for p in &problems {
        report(err, p);
    }
    if json {
        return json_line(&stories, out);
    }
    for s in &stories {
        writeln!(out, "{}", output::summary_line(s)).map_err(io_err)?;
    }
    Ok(())
}

fn load_story_arg(desk: &Desk, story: &str) -> Result<factdesk_core::store::StoryDoc> {
    let id = StoryId::parse(story)?;
    desk.load_story(&id)
}

fn show(
    desk: &Desk,
    story: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let doc = load_story_arg(desk, story)?;
    let story = doc.story();
    if json {
        return json_line(story, out);
    }
    let registry = desk.load_sources()?.value;
    // A link to a source missing from the registry (removed, or a registry
    // from another desk) is worth a warning, not a refusal.
    for claim in &story.claims {
        for link in claim
            .sources
            .iter()
            .filter(|l| registry.get(&l.source).is_none())
        {
            report(
                err,
                &format!(
                    "warning: {}: claim #{} links to source {:?}, which is not in the registry",
                    doc.file.path.display(),
                    claim.id,
                    link.source.as_str()
                ),
            );
        }
    }
    write!(out, "{}", output::render_story(story, &registry)).map_err(io_err)
}

fn parse_source_arg(arg: &str, verdict: Verdict) -> Result<SourceLink> {
    let (id, stance) = match arg.split_once(':') {
        Some((id, st)) => {
            let stance = Stance::parse(st).ok_or_else(|| {
                Error::Usage(format!(
                    "--source {arg}: stance must be supports, contradicts or context"
                ))
            })?;
            (id, stance)
        }
        None => (
            arg,
            match verdict {
                Verdict::Confirmed => Stance::Supports,
                Verdict::Disputed => Stance::Contradicts,
                _ => Stance::Context,
            },
        ),
    };
    Ok(SourceLink {
        source: SourceId::parse(id)?,
        stance,
        note: None,
    })
}

struct TagArgs<'a> {
    story: &'a str,
    claim: u32,
    verdict: &'a str,
    sources: &'a [String],
    note: Option<String>,
    wait: bool,
}

fn tag(
    desk: &Desk,
    editor: &str,
    args: TagArgs<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<()> {
    let TagArgs {
        story,
        claim,
        verdict,
        sources,
        note,
        wait,
    } = args;
    let verdict = Verdict::parse(verdict).ok_or_else(|| {
        Error::Usage(format!(
            "unknown verdict {verdict:?}: use pending, confirmed, unconfirmed or disputed"
        ))
    })?;
    let mut edits = vec![Edit::SetVerdict { claim, verdict }];
    for arg in sources {
        edits.push(Edit::Link {
            claim,
            link: parse_source_arg(arg, verdict)?,
        });
    }
    if let Some(note) = note {
        edits.push(Edit::SetNote { claim, note });
    }
    let id = StoryId::parse(story)?;
    let who = Who::now(editor);
    let mut session = open_session(desk, &id, &who, wait, err)?;
    let registry = desk.load_sources()?.value;
    let before = session
        .story()
        .claim(claim)
        .map(|c| c.verdict)
        .ok_or_else(|| Error::UnknownClaim {
            story: story.to_string(),
            claim,
        })?;
    let mut changed = false;
    for e in edits {
        changed |= session.apply_checked(e, &registry, &who)?.is_some();
    }
    if let Saved::Conflict { ours, .. } = session.save(&who)? {
        return Err(Error::Invalid {
            path: session.doc().file.path.clone(),
            why: format!(
                "changed on disk meanwhile, on claim #{claim} too; left as it is, \
                 your version was saved as {}",
                ours.display()
            ),
        });
    }
    let doc = session.doc();
    writeln!(
        out,
        "{}#{claim}  {before} → {verdict}{}",
        doc.story().id,
        if changed { "" } else { "  (no change)" }
    )
    .map_err(io_err)
}

/// Open story `id` for editing, or wait for it with `--wait`; taking over
/// a stale lock is said on `err`.
fn open_session(
    desk: &Desk,
    id: &StoryId,
    who: &Who,
    wait: bool,
    err: &mut dyn Write,
) -> Result<EditSession> {
    let session = if wait {
        EditSession::open_waiting(desk, id, who, DEFAULT_WAIT, |holder| {
            let _ = writeln!(
                err,
                "factdesk: {id} is being edited by {holder}; waiting up to {} s…",
                DEFAULT_WAIT.as_secs()
            );
        })
    } else {
        EditSession::open(desk, id, who)
    }
    .map_err(|e| match e {
        Error::Locked { path, holder } if !wait => Error::Usage(format!(
            "{}: story is being edited by {holder}; try again later or pass --wait",
            path.display()
        )),
        e => e,
    })?;
    if let Some(old) = session.took_over() {
        report(
            err,
            &format!("took over the stale lock of {old} (that session is gone)"),
        );
    }
    Ok(session)
}

#[allow(clippy::too_many_arguments)]
fn source_add(
    desk: &Desk,
    id: &str,
    name: String,
    kind: &str,
    url: Option<String>,
    outlet: Option<String>,
    accessed: Option<NaiveDate>,
    out: &mut dyn Write,
) -> Result<()> {
    let source = Source {
        id: SourceId::parse(id)?,
        name: name.trim().to_string(),
        kind: SourceKind::parse(kind).ok_or_else(|| {
            Error::Usage(format!(
                "unknown source kind {kind:?}: use wire, official-statement, document, interview, social-post or other"
            ))
        })?,
        url: url.map(|u| factdesk_core::urls::validate(&u)).transpose()?,
        outlet: outlet.map(|o| o.trim().to_string()).filter(|o| !o.is_empty()),
        accessed: Some(accessed.unwrap_or_else(|| chrono::Local::now().date_naive())),
    };
    if source.name.is_empty() {
        return Err(Error::Usage("--name cannot be empty".into()));
    }
    factdesk_core::store::add_source(desk, source.clone())?;
    writeln!(out, "{}", source.id).map_err(io_err)
}

fn source_merge(
    desk: &Desk,
    editor: &str,
    from: &str,
    into: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let (from, into) = (SourceId::parse(from)?, SourceId::parse(into)?);
    let report = factdesk_core::registry::merge_sources(desk, &from, &into, &Who::now(editor))?;
    writeln!(out, "merged {from} into {into}: {report}").map_err(io_err)
}

fn source_list(desk: &Desk, json: bool, out: &mut dyn Write) -> Result<()> {
    let registry = desk.load_sources()?.value;
    if json {
        return json_line(&registry.sources, out);
    }
    for s in &registry.sources {
        writeln!(
            out,
            "{:<16} {:<18} {}{}",
            s.id,
            s.kind,
            factdesk_core::text::printable(&s.name),
            s.url
                .as_deref()
                .map(|u| format!("  <{u}>"))
                .unwrap_or_default()
        )
        .map_err(io_err)?;
    }
    Ok(())
}

/// `factdesk init`: runs before a desk can be opened, so it is not part of
/// [`run`].
pub fn init(dir: &Path, name: &str, organisation: Option<String>) -> Result<Desk> {
    if Desk::is_desk(dir) {
        return Err(Error::Usage(format!("{} is already a desk", dir.display())));
    }
    let mut desk = Desk::create(dir, name)?;
    if organisation.is_some() {
        desk.settings.organisation = organisation;
        desk.save_settings()?;
    }
    Ok(desk)
}

/// `factdesk check`: runs on the folder even when its `desk.ron` is broken,
/// so it is not part of [`run`]. Returns the exit code.
pub fn check(flag: Option<&Path>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let dir = match flag {
        Some(d) => d.to_path_buf(),
        None => match resolve_desk(None) {
            Ok(desk) => desk.root().to_path_buf(),
            Err(e) => {
                let _ = writeln!(err, "factdesk: {e}");
                return 1;
            }
        },
    };
    let problems = factdesk_core::store::check::check(&dir);
    for p in &problems {
        let _ = writeln!(err, "{}", factdesk_core::text::printable(&p.to_string()));
    }
    if problems.is_empty() {
        let _ = writeln!(out, "{}: no problems", dir.display());
    }
    i32::from(!problems.is_empty())
}

/// Where the desk is: `--desk`/`FACTDESK_DESK`, else `./data` when it holds
/// a desk, else the platform data folder, created and seeded with the
/// sample story on first run.
pub fn resolve_desk(flag: Option<&Path>) -> Result<Desk> {
    if let Some(dir) = flag {
        return Desk::open(dir);
    }
    let local = Path::new("data");
    if Desk::is_desk(local) {
        return Desk::open(local);
    }
    let dirs = directories::ProjectDirs::from("", "", "factdesk")
        .ok_or_else(|| Error::Usage("no home folder: pass --desk DIR".into()))?;
    let dir = dirs.data_dir().join("desk");
    if Desk::is_desk(&dir) {
        return Desk::open(&dir);
    }
    factdesk_core::sample::seed(&dir)
}
