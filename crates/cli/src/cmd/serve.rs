//! `auditlog serve`: the Audit Log in a browser (see [`crate::serve`]).

use anyhow::Result;

use crate::cli::ServeArgs;
use crate::context::Context;
use crate::exit::Exit;
use crate::serve::{Admission, Settings, admit};

pub fn run(args: &ServeArgs, ctx: Context) -> Result<Exit> {
    let tls = args.tls_cert.clone().zip(args.tls_key.clone());
    let access = admit(Admission {
        listen: args.listen,
        auth_file: args.auth_file.as_deref(),
        proxy_header: args.trust_proxy_header.as_deref(),
        no_auth: args.no_auth,
        tls: tls.is_some(),
        behind_proxy: args.behind_proxy,
    })?;
    ctx.logs_exist()?;
    let settings = Settings {
        listen: args.listen,
        access,
        tls,
        max_searches: args.max_searches,
    };
    crate::serve::run(settings, ctx)?;
    Ok(Exit::Done)
}
