//! The options of `browse`.

use clap::Args;

use super::Filters;

/// Options of `browse`.
#[derive(Debug, Args)]
pub struct BrowseArgs {
    #[command(flatten)]
    pub filters: Filters,
}
