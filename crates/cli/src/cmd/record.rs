//! `auditlog record`: checks what is asked and appends it as one entry.

use std::io::Read;

use anyhow::{Context as _, Result, anyhow, bail};
use auditlog::Stamp;
use auditlog::record::{Body, MAX_LINE_BYTES, NewEntry};
use auditlog::safe::safe_path;

use crate::cli::RecordArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::recording::{
    after_append, append_stamped, default_account, mirror_target, reason_fields,
};

pub fn run(args: RecordArgs, ctx: &Context) -> Result<Exit> {
    let rules = ctx.config.reason_rules();
    let (reason, time_spent, ticket) = reason_fields(args.reason, &rules)?;
    let params = read_params(args.params, args.params_file)?;
    let new = NewEntry {
        request: args.request,
        user: args.user.map_or_else(default_account, Ok)?,
        params,
        reason,
        time_spent,
        ticket,
        id: args.id,
    };
    let mirror = mirror_target(args.mirror.as_deref(), ctx)?;
    let mut entry = new.into_entry(Stamp::local(ctx.now.wall).to_millis(), &rules)?;
    let log = ctx.single_file("writes to")?;
    let at = append_stamped(ctx, log, &mut entry, !args.no_sync)?;
    after_append(ctx, log, (&entry, at), mirror.as_ref())?;
    Ok(Exit::Done)
}

/// The request body from `--params JSON`, `--params -` (standard input) or `--params-file`;
/// more than an entry can hold is refused before it is all read.
fn read_params(
    params: Option<String>,
    params_file: Option<std::path::PathBuf>,
) -> Result<Option<Body>> {
    let (text, from) = match (params, params_file) {
        (Some(dash), _) if dash == "-" => {
            let text = read_bounded(std::io::stdin().lock(), "standard input")?;
            (text, "standard input".to_owned())
        }
        (Some(text), _) => (text, "--params".to_owned()),
        (None, Some(path)) => {
            let from = safe_path(&path);
            let file = std::fs::File::open(&path)
                .with_context(|| format!("cannot read the request body from {from}"))?;
            (read_bounded(file, &from)?, from)
        }
        (None, None) => return Ok(None),
    };
    let body = Body::parse(&text).with_context(|| from.clone())?;
    Ok(Some(body))
}

/// All of a reader as text, refused past what an entry can hold.
fn read_bounded(src: impl Read, from: &str) -> Result<String> {
    let mut bytes = Vec::new();
    src.take(MAX_LINE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the request body from {from}"))?;
    if bytes.len() > MAX_LINE_BYTES {
        bail!(
            "the request body in {from} is longer than an entry can hold: at most {MAX_LINE_BYTES} bytes"
        );
    }
    String::from_utf8(bytes).map_err(|_| anyhow!("the request body in {from} is not UTF-8 text"))
}
