//! The command line's arguments: what clap parses, with the help texts a
//! user reads. Each command's work is in its own module.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

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
        /// List the story's deleted claims too
        #[arg(long)]
        deleted: bool,
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
    /// Revise, delete and restore stories; the trash
    #[command(subcommand)]
    Story(StoryCommand),
    /// Delete, restore and mark reviewed one claim
    #[command(subcommand)]
    Claim(ClaimCommand),
    /// "Seen before": earlier rulings in other stories on the same claim,
    /// and where one is similar but different (another figure, date,
    /// negation or name)
    Seen {
        story: String,
        /// One claim; every claim of the story without it
        claim: Option<u32>,
        #[arg(long)]
        json: bool,
    },
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

#[derive(Debug, Subcommand)]
pub enum StoryCommand {
    /// Take a corrected version of a story's article: the current text is
    /// kept as revisions/N.txt in the story's folder, the claims are put
    /// back on the new text, and a claim whose quoted words changed is
    /// flagged for review (its verdict stays)
    Revise {
        story: String,
        /// The corrected article (UTF-8 text)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Wait (up to 30 seconds) for another editor to close the story
        #[arg(long)]
        wait: bool,
    },
    /// Move a story to the desk's trash (stories/.trash/): out of the
    /// list, search, stats and exports, recorded, and restorable
    Delete {
        story: String,
        /// Why, for the record
        #[arg(long)]
        note: Option<String>,
    },
    /// Bring a story back from the trash (its id, or its folder in the
    /// trash as `story list --trash` shows it)
    Restore { story: String },
    /// The desk's stories (as `factdesk list`), or with --trash the
    /// stories in the trash
    List {
        #[arg(long)]
        trash: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClaimCommand {
    /// Delete a claim: kept in the story as deleted (who, when, why), out
    /// of every list, search, count and export, still in `history`
    Delete {
        story: String,
        claim: u32,
        /// Why, for the record
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        wait: bool,
    },
    /// Bring a deleted claim back, with its verdict, sources and history
    Restore {
        story: String,
        claim: u32,
        #[arg(long)]
        wait: bool,
    },
    /// Say a claim flagged for review after a correction was looked at;
    /// its verdict stays (giving it a verdict with `tag` does the same)
    Reviewed {
        story: String,
        claim: u32,
        #[arg(long)]
        wait: bool,
    },
}

fn parse_format(s: &str) -> factdesk_core::Result<factdesk_core::export::Format> {
    s.parse()
}
