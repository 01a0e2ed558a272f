//! Everything the dashboard shows and remembers, and how keys change it.
//! Pure: snapshots, failures and the time they happened are passed in, so
//! tests drive it without a daemon or a clock.

pub mod history;
pub mod lanes;
pub mod rates;

use chrono::{DateTime, Utc};
use modd_common::{DeadLetterView, StatsView};

use super::input::{Action, InputMode};
use crate::thresholds::Thresholds;
use history::History;
use rates::Rates;

/// The panels, in `tab` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Traffic,
    Queue,
    Workers,
    Decisions,
    /// 429s by app and by key.
    Limits,
    Webhooks,
    Resources,
    DeadLetters,
    /// Remote providers: breaker, error ratio, latency.
    Providers,
    /// The local image lane: threads, queue, latency.
    Images,
}

impl Panel {
    pub const ALL: [Panel; 10] = [
        Panel::Traffic,
        Panel::Queue,
        Panel::Workers,
        Panel::Decisions,
        Panel::Limits,
        Panel::Providers,
        Panel::Images,
        Panel::Webhooks,
        Panel::Resources,
        Panel::DeadLetters,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Panel::Traffic => "Traffic",
            Panel::Queue => "Queue",
            Panel::Workers => "Workers",
            Panel::Decisions => "Decisions",
            Panel::Limits => "429s",
            Panel::Webhooks => "Webhooks",
            Panel::Resources => "Resources",
            Panel::DeadLetters => "Dead letters",
            Panel::Providers => "Providers",
            Panel::Images => "Images",
        }
    }

    fn step(self, by: isize) -> Panel {
        let i = Panel::ALL.iter().position(|p| *p == self).unwrap_or(0) as isize;
        let n = Panel::ALL.len() as isize;
        Panel::ALL[((i + by).rem_euclid(n)) as usize]
    }
}

/// How tables are ordered (`s` cycles).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Busiest first.
    Rate,
    /// Most errors (blocked, failed) first.
    Errors,
    /// Slowest (p95, oldest job) first.
    Latency,
    Name,
}

impl Sort {
    fn next(self) -> Sort {
        match self {
            Sort::Rate => Sort::Errors,
            Sort::Errors => Sort::Latency,
            Sort::Latency => Sort::Name,
            Sort::Name => Sort::Rate,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sort::Rate => "rate",
            Sort::Errors => "errors",
            Sort::Latency => "latency",
            Sort::Name => "name",
        }
    }
}

/// Whether the last poll got an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// No answer yet.
    Connecting,
    Live,
    /// No answer (refused, timeout, 5xx) since `since`.
    Disconnected {
        since: DateTime<Utc>,
        why: String,
    },
    /// The daemon answered 429: it is there, just throttling us.
    RateLimited {
        since: DateTime<Utc>,
    },
    /// 401/403: the key is wrong; polling goes on in case it is fixed.
    Refused {
        why: String,
    },
}

/// What the app loop must do after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// `POST /api/v1/admin/queue/dlq/{id}/retry`.
    Retry(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub stats: Option<StatsView>,
    /// When `stats` arrived (client clock).
    pub received_at: Option<DateTime<Utc>>,
    pub rates: Option<Rates>,
    pub requests: History,
    pub depth: History,
    pub link: Link,
    pub focus: Panel,
    pub detail: bool,
    pub help: bool,
    pub paused: bool,
    pub sort: Sort,
    /// Applied `source_app` filter (substring); empty: none.
    pub filter: String,
    /// Being typed after `/`.
    pub filter_draft: Option<String>,
    /// Selected row in the dead-letter panel.
    pub selected: usize,
    /// Dead letter waiting for y/n.
    pub confirm: Option<String>,
    /// One line of feedback (retry result), with when it was set.
    pub message: Option<(String, DateTime<Utc>)>,
    /// `--replica`, shown in the header.
    pub replica: Option<String>,
    /// A one-off snapshot (`--once`, `--replay` printed): no keys work, so
    /// the footer shows no key legend.
    pub snapshot: bool,
    /// `--replay` at this speed: the header shows the recorded time.
    pub replay_speed: Option<f64>,
    /// The limits `modctl verify` checks; panels highlight values past them.
    pub thresholds: Thresholds,
}

impl State {
    pub fn new(replica: Option<String>) -> Self {
        Self {
            stats: None,
            received_at: None,
            rates: None,
            requests: History::default(),
            depth: History::default(),
            link: Link::Connecting,
            focus: Panel::Traffic,
            detail: false,
            help: false,
            paused: false,
            sort: Sort::Rate,
            filter: String::new(),
            filter_draft: None,
            selected: 0,
            confirm: None,
            message: None,
            replica,
            snapshot: false,
            replay_speed: None,
            thresholds: Thresholds::default(),
        }
    }

    pub fn input_mode(&self) -> InputMode {
        if self.confirm.is_some() {
            InputMode::Confirm
        } else if self.filter_draft.is_some() {
            InputMode::Filter
        } else if self.help {
            InputMode::Help
        } else {
            InputMode::Normal
        }
    }

    /// A new snapshot taken at `now`.
    pub fn ingest(&mut self, stats: StatsView, now: DateTime<Utc>) {
        if let (Some(prev), Some(at)) = (&self.stats, self.received_at) {
            let secs = (now - at).num_milliseconds() as f64 / 1000.0;
            if secs > 0.0 {
                let rates = Rates::between(prev, &stats, secs);
                // Hundredths keep the sparkline's shape at low rates.
                self.requests
                    .push((rates.requests_per_sec * 100.0).round() as u64);
                self.rates = Some(rates);
            }
        }
        if let Some(q) = &stats.queue {
            self.depth.push(q.depth);
        }
        let dead = stats.dead_letters.len();
        if self.selected >= dead {
            self.selected = dead.saturating_sub(1);
        }
        self.stats = Some(stats);
        self.received_at = Some(now);
        self.link = Link::Live;
    }

    /// A failed poll at `now`. The last snapshot stays on screen.
    pub fn failed(&mut self, link: Link, now: DateTime<Utc>) {
        self.link = match (&self.link, link) {
            // Keep the first moment of an outage.
            (Link::Disconnected { since, .. }, Link::Disconnected { why, .. }) => {
                Link::Disconnected { since: *since, why }
            }
            (Link::RateLimited { since }, Link::RateLimited { .. }) => {
                Link::RateLimited { since: *since }
            }
            (_, Link::Disconnected { why, .. }) => Link::Disconnected { since: now, why },
            (_, Link::RateLimited { .. }) => Link::RateLimited { since: now },
            (_, other) => other,
        };
    }

    pub fn selected_dead_letter(&self) -> Option<&DeadLetterView> {
        self.stats.as_ref()?.dead_letters.get(self.selected)
    }

    /// Does `source_app` pass the `/` filter?
    pub fn shows_app(&self, source_app: &str) -> bool {
        self.filter.is_empty() || source_app.contains(self.filter.as_str())
    }

    pub fn say(&mut self, message: String, now: DateTime<Utc>) {
        self.message = Some((message, now));
    }

    pub fn apply(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Quit => return Some(Effect::Quit),
            Action::NextPanel => self.focus = self.focus.step(1),
            Action::PrevPanel => self.focus = self.focus.step(-1),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => {
                let n = self.stats.as_ref().map_or(0, |s| s.dead_letters.len());
                if self.selected + 1 < n {
                    self.selected += 1;
                }
            }
            Action::TogglePause => self.paused = !self.paused,
            Action::CycleSort => self.sort = self.sort.next(),
            Action::StartFilter => self.filter_draft = Some(self.filter.clone()),
            Action::FilterInput(c) => {
                if let Some(d) = &mut self.filter_draft {
                    d.push(c);
                }
            }
            Action::FilterBackspace => {
                if let Some(d) = &mut self.filter_draft {
                    d.pop();
                }
            }
            Action::FilterDone => {
                if let Some(d) = self.filter_draft.take() {
                    self.filter = d.trim().to_owned();
                }
            }
            Action::FilterCancel => self.filter_draft = None,
            Action::ToggleDetails => self.detail = !self.detail,
            Action::ToggleHelp => self.help = !self.help,
            Action::Retry => {
                if self.focus == Panel::DeadLetters {
                    self.confirm = self.selected_dead_letter().map(|d| d.id.clone());
                }
            }
            Action::Confirm => return self.confirm.take().map(Effect::Retry),
            Action::Cancel => {
                if self.confirm.take().is_none() {
                    self.detail = false;
                }
            }
            Action::None => {}
        }
        None
    }
}

#[cfg(test)]
mod tests;
