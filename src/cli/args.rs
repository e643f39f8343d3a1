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
        /// Make the desk a git repository, to share it with `sync` (a desk
        /// that exists already is made one as it is)
        #[arg(long)]
        git: bool,
    },
    /// Read every file of the desk and report every problem
    /// (`file:line:col: message`); exit 1 when there is any
    Check,
    /// Import articles, one story each (one per item of a feed), with
    /// suggested claims: plain wire text, saved web pages, IPTC ninjs, NITF
    /// and NewsML-G2, told apart by their content; `-` reads one article
    /// from standard input
    Import {
        /// The article files (a page, a feed, wire text); `-` for standard
        /// input
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// The date of an article that gives none: YYYY-MM-DD, "March 14,
        /// 2025", "14 March 2025", "Mar. 14", "Friday" (the last one)
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Score every sentence of an article for how worth checking it is,
    /// best first, with the cues behind each score; imports nothing
    Suggest {
        /// The article file to score
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Print JSON instead of lines
        #[arg(long)]
        json: bool,
    },
    /// List the desk's stories, newest first
    List {
        #[command(flatten)]
        page: Page,
        /// Print JSON instead of lines
        #[arg(long)]
        json: bool,
    },
    /// Show a story's claims with verdicts, speakers, sources and notes;
    /// with CLAIM, that one claim whole, with its history
    Show {
        /// The story: its id, or the start of one (`2025-03-14-flo`)
        story: String,
        /// One claim's number (#3 is 3); a deleted claim is shown too
        claim: Option<u32>,
        /// Print the story (or the claim) as JSON
        #[arg(long)]
        json: bool,
        /// List the story's deleted claims too
        #[arg(long)]
        deleted: bool,
    },
    /// Change one claim: its verdict, source links, speaker and note (any
    /// of them); prints one line per change
    Tag {
        /// The story: its id, or the start of one
        story: String,
        /// The claim's number (#3 is 3)
        claim: u32,
        /// pending, confirmed, unconfirmed or disputed (prefixes work);
        /// leave it out to keep the verdict
        verdict: Option<String>,
        /// Link a source: ID[:supports|contradicts|context]. A new link's
        /// stance defaults to supports for confirmed, contradicts for
        /// disputed, else context; on a source already linked the stance
        /// given replaces its stance (and says so). Repeatable
        #[arg(long = "source", value_name = "ID[:STANCE]")]
        sources: Vec<String>,
        /// Remove the claim's link to this source. Repeatable
        #[arg(long, value_name = "ID")]
        unlink: Vec<String>,
        /// Who said the claim
        #[arg(long, value_name = "TEXT", conflicts_with = "no_speaker")]
        speaker: Option<String>,
        /// Clear the claim's speaker
        #[arg(long)]
        no_speaker: bool,
        /// The claim's note (replaces it; "" clears it)
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// When someone else is editing the story, wait for them (up to 30
        /// seconds) instead of giving up at once
        #[arg(long)]
        wait: bool,
    },
    /// Break a story's lock when its editor is gone or cannot be reached:
    /// says whose lock it was, and records it in the story folder
    /// (`.lock-broken`); the former holder's next save keeps their version
    /// beside the story
    Unlock {
        /// The story: its id, or the start of one
        story: String,
    },
    /// The desk's source registry
    #[command(subcommand)]
    Source(SourceCommand),
    /// The archive's search index in DESK/.cache (built by the first
    /// search, kept current by every save)
    #[command(subcommand)]
    Index(IndexCommand),
    /// Revise, delete, restore and assign stories; the trash
    #[command(subcommand)]
    Story(StoryCommand),
    /// Delete, restore and mark reviewed one claim
    #[command(subcommand)]
    Claim(ClaimCommand),
    /// "Seen before": earlier rulings in other stories on the same claim,
    /// and where one is similar but different (another figure, date,
    /// negation or name)
    Seen {
        /// The story: its id, or the start of one
        story: String,
        /// One claim; every claim of the story without it
        claim: Option<u32>,
        /// Print JSON instead of lines
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
        /// Only claims with this verdict (pending, confirmed, unconfirmed, disputed)
        #[arg(long, value_name = "VERDICT")]
        verdict: Option<String>,
        /// A linked source's id or name (substring)
        #[arg(long, value_name = "ID")]
        source: Option<String>,
        /// Only claims whose speaker holds this (case ignored)
        #[arg(long, value_name = "SPEAKER")]
        speaker: Option<String>,
        /// The outlet it belongs to
        #[arg(long, value_name = "OUTLET")]
        outlet: Option<String>,
        #[command(flatten)]
        dates: DateRange,
        #[command(flatten)]
        page: Page,
        /// Print JSON instead of lines
        #[arg(long)]
        json: bool,
    },
    /// Counts of verdicts, outlets, speakers, sources and editors
    Stats {
        #[command(flatten)]
        dates: DateRange,
        /// Print JSON instead of lines
        #[arg(long)]
        json: bool,
    },
    /// Every change to a story's claims (or one claim), oldest first
    History {
        /// The story: its id, or the start of one
        story: String,
        /// One claim's number; the whole story without it
        claim: Option<u32>,
    },
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
    /// Share the desk through its git repository: commit what changed
    /// here, fetch, merge claim by claim, push
    Sync(SyncArgs),
    /// Settle a conflict a merge left on a claim
    ///
    /// FIELD is verdict, text, note, link:SOURCE or deleted. SIDE is the
    /// side's number as `show` lists it, its editor's name, or its value
    /// (for a verdict, any verdict).
    Resolve(ResolveArgs),
    /// Print a shell's completion script for factdesk (see README,
    /// "Installing")
    Completions {
        /// bash, zsh, fish, elvish or powershell
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print factdesk's manual page (roff), or a command's: `factdesk man
    /// story edit`
    Man {
        /// A command (and its subcommand) to print the page of
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
    /// Merge one desk file, for git: `init --git` and `sync` register
    /// `factdesk merge-driver %O %A %B %P` as the repository's merge driver
    #[command(name = "merge-driver", hide = true)]
    MergeDriver(DriverArgs),
}

#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// The remote to sync with [default: the branch's, else origin]
    #[arg(long)]
    pub remote: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ResolveArgs {
    /// The story: its id, or the start of one
    pub story: String,
    /// The claim's number (#3 is 3)
    pub claim: u32,
    /// verdict, text, note, speaker, link:SOURCE or deleted
    pub field: String,
    /// The side's number, its editor, or its value
    pub side: String,
}

#[derive(Debug, clap::Args)]
pub struct SourceResolveArgs {
    /// The source's id
    pub id: String,
    /// name, kind, url, outlet, accessed or deleted
    pub field: String,
    /// The side's number, or its value
    pub side: String,
}

/// What git hands a merge driver.
#[derive(Debug, clap::Args)]
pub struct DriverArgs {
    /// The common version (%O; empty when added on both sides)
    pub base: PathBuf,
    /// Ours (%A), where the result goes
    pub ours: PathBuf,
    /// Theirs (%B)
    pub theirs: PathBuf,
    /// The file's path in the desk (%P)
    pub path: PathBuf,
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

/// How many lines `list` and `search` print: every one unless told, a
/// page when a desk of years is looked at from a terminal.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct Page {
    /// Print at most N (the best or newest first); the rest are counted on
    /// standard error
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

impl Page {
    /// The most to print.
    pub fn most(self) -> usize {
        self.limit.unwrap_or(usize::MAX)
    }
}

#[derive(Debug, Subcommand)]
pub enum IndexCommand {
    /// Build the index anew from every story file, with a progress bar
    Rebuild,
    /// Check every story file against the index and take in what another
    /// program changed (searches see such an edit within a few commands;
    /// this, at once)
    Check,
    /// Stories, claims and size on disk of the index
    Status {
        /// Print the figures as one JSON object
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SourceCommand {
    /// Add a source to the registry
    Add {
        /// The source's id (a-z, 0-9 and -)
        id: String,
        /// The source's name as it is cited
        #[arg(long)]
        name: String,
        /// wire, official-statement, document, interview, social-post, other
        #[arg(long, default_value = "other")]
        kind: String,
        /// The source's web address (http or https)
        #[arg(long)]
        url: Option<String>,
        /// The outlet it belongs to
        #[arg(long)]
        outlet: Option<String>,
        /// When the source was accessed (YYYY-MM-DD) [default: today]
        #[arg(long, value_name = "DATE")]
        accessed: Option<NaiveDate>,
    },
    /// List the registry
    List {
        /// Print JSON instead of lines
        #[arg(long)]
        json: bool,
    },
    /// Merge a duplicate source into another: every claim linking FROM
    /// links INTO instead (recorded in each claim's history), then FROM
    /// leaves the registry
    Merge {
        /// The duplicate source's id, which leaves the registry
        from: String,
        /// The id of the source to keep
        into: String,
    },
    /// Settle a conflict a merge left on a source: FIELD is name, kind,
    /// url, outlet, accessed or deleted; SIDE its number or value
    Resolve(SourceResolveArgs),
}

#[derive(Debug, Subcommand)]
pub enum StoryCommand {
    /// Take a corrected version of a story's article: the current text is
    /// kept as revisions/N.txt in the story's folder, the claims are put
    /// back on the new text, and a claim whose quoted words changed is
    /// flagged for review (its verdict stays)
    Revise {
        /// The story: its id, or the start of one
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
        /// The story's whole id (no abbreviation: it is a deletion)
        story: String,
        /// Why, for the record
        #[arg(long)]
        note: Option<String>,
    },
    /// Bring a story back from the trash (its id, or its folder in the
    /// trash as `story list --trash` shows it)
    Restore {
        /// The story's id, or its folder in the trash
        story: String,
    },
    /// The desk's stories (as `factdesk list`), or with --trash the
    /// stories in the trash
    List {
        /// The stories in the trash instead
        #[arg(long)]
        trash: bool,
        #[command(flatten)]
        page: Page,
        /// Print JSON instead of lines
        #[arg(long)]
        json: bool,
    },
    /// Change a story's headline, date, dateline, outlet or URL: each value
    /// checked first (nothing is written when one is wrong), the change
    /// recorded in the story's history and printed
    Edit {
        /// The story: its id, or the start of one
        story: String,
        #[command(flatten)]
        details: DetailArgs,
    },
    /// Assign a story to an editor (shown by `list`, `show` and the
    /// screens; synced), or clear the assignment
    Assign {
        /// The story: its id, or the start of one
        story: String,
        /// The editor who is on it
        #[arg(
            value_name = "EDITOR",
            required_unless_present = "clear",
            conflicts_with = "clear"
        )]
        to: Option<String>,
        /// Clear the assignment
        #[arg(long)]
        clear: bool,
    },
}

/// The details `story edit` changes; an empty value clears one (all but
/// the headline).
#[derive(Debug, clap::Args)]
pub struct DetailArgs {
    /// The headline (cannot be empty)
    #[arg(long, value_name = "TEXT")]
    pub headline: Option<String>,
    /// The day the story was published, YYYY-MM-DD ("" clears it)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Where it was filed from ("MOSCOW"; "" clears it)
    #[arg(long, value_name = "TEXT")]
    pub dateline: Option<String>,
    /// The outlet that published it ("" clears it)
    #[arg(long, value_name = "TEXT")]
    pub outlet: Option<String>,
    /// The story's web address, http or https ("" clears it)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Wait (up to 30 seconds) for another editor to close the story
    #[arg(long)]
    pub wait: bool,
}

#[derive(Debug, Subcommand)]
pub enum ClaimCommand {
    /// Delete a claim: kept in the story as deleted (who, when, why), out
    /// of every list, search, count and export, still in `history`
    Delete {
        /// The story: its id, or the start of one
        story: String,
        /// The claim's number (#3 is 3)
        claim: u32,
        /// Why, for the record
        #[arg(long)]
        note: Option<String>,
        /// Wait (up to 30 seconds) for another editor to close the story
        #[arg(long)]
        wait: bool,
    },
    /// Bring a deleted claim back, with its verdict, sources and history
    Restore {
        /// The story: its id, or the start of one
        story: String,
        /// The claim's number (#3 is 3)
        claim: u32,
        /// Wait (up to 30 seconds) for another editor to close the story
        #[arg(long)]
        wait: bool,
    },
    /// Say a claim flagged for review after a correction was looked at;
    /// its verdict stays (giving it a verdict with `tag` does the same)
    Reviewed {
        /// The story: its id, or the start of one
        story: String,
        /// The claim's number (#3 is 3)
        claim: u32,
        /// Wait (up to 30 seconds) for another editor to close the story
        #[arg(long)]
        wait: bool,
    },
}

fn parse_format(s: &str) -> factdesk_core::Result<factdesk_core::export::Format> {
    s.parse()
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// Every argument and flag of every command says what it is for in
    /// `factdesk help …` (clap's own --help and --version aside).
    #[test]
    fn every_argument_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            if cmd.get_about().is_none() && !path.is_empty() && !cmd.is_hide_set() {
                missing.push(format!("{path} (the command)"));
            }
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") || arg.is_hide_set() {
                    continue;
                }
                if arg.get_help().is_none() && arg.get_long_help().is_none() {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_name() == "help" {
                    continue;
                }
                walk(sub, &format!("{path} {}", sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "without help text: {missing:#?}");
    }
}
