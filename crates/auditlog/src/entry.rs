//! One audit log entry and what can be derived from it: category, controller, workflows.
//!
//! An entry holds exactly what its line says. Everything JOC keeps elsewhere (the category in
//! its database, the controller inside the request body) is derived here on demand, never stored.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use crate::stamp::Stamp;

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// When the request was made.
    pub created: Stamp,
    /// The log level word, `INFO` in every file JOC writes.
    pub level: String,
    /// The web-service path, such as `./orders/add`.
    pub request: String,
    /// The database id JS7 2.7+ writes when its objects logger is on.
    pub id: Option<u64>,
    /// The account that made the request.
    pub user: String,
    /// The request body as written: compact JSON, or cut by JOC and then not JSON; `None` for `-`.
    pub params: Option<String>,
    /// The reason given for the request; `None` for `-` (and JS1's `null`).
    pub comment: Option<String>,
    /// Time spent, in whole minutes.
    pub time_spent: Option<u32>,
    /// The ticket link.
    pub ticket: Option<String>,
    /// Where the entry was read from; `None` for an entry that was not read from a file.
    pub origin: Option<Origin>,
}

/// Where an entry, or a line that could not be read as one, stands in its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file.
    pub file: Arc<Path>,
    /// The number of its first physical line, counting from 1.
    pub line: u64,
    /// The byte offset of its first byte.
    pub offset: u64,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::safe::safe_path(&self.file);
        match self.line {
            // Not counted (a follower that started mid-file without line numbers): the byte.
            0 => write!(f, "{file} (byte {})", self.offset),
            line => write!(f, "{file}:{line}"),
        }
    }
}

impl Entry {
    /// The category JOC files this request under.
    pub fn category(&self) -> Category {
        Category::of_request(&self.request)
    }

    /// The request body as JSON, when it is valid JSON.
    pub fn params_json(&self) -> Option<Value> {
        serde_json::from_str(self.params.as_deref()?).ok()
    }

    /// The controller the request was for: `controllerId`, or the first of `controllerIds`, or
    /// (JobScheduler 1.x) `jobschedulerId`. Only those keys are read from the body; the rest
    /// is passed over unbuilt.
    pub fn controller(&self) -> Option<String> {
        #[derive(serde::Deserialize)]
        struct Controllers {
            #[serde(rename = "controllerId")]
            id: Option<Value>,
            #[serde(rename = "controllerIds")]
            ids: Option<Value>,
            #[serde(rename = "jobschedulerId")]
            js1: Option<Value>,
        }
        // A struct also reads from an array; only an object names a controller.
        let params = self.params.as_deref().filter(|p| p.starts_with('{'))?;
        // A body that names none of the keys, not even through an escape, is not read.
        if !["controllerId", "jobschedulerId", "\\u"]
            .iter()
            .any(|key| params.contains(key))
        {
            return None;
        }
        let body: Controllers = serde_json::from_str(params).ok()?;
        let id = match (body.id, body.ids, body.js1) {
            (Some(id), _, _) => id,
            (None, Some(mut ids), _) => ids.get_mut(0)?.take(),
            (None, None, js1) => js1?,
        };
        id.as_str().map(str::to_owned)
    }

    /// The workflows the request names: `workflowPath` at the top level or in `orders[]`.
    pub fn workflows(&self) -> Vec<String> {
        self.params_json()
            .map_or_else(Vec::new, |body| workflows_of(&body))
    }
}

/// The controller named in a request body: `controllerId`, or the first of `controllerIds`,
/// or (JobScheduler 1.x) `jobschedulerId`.
pub fn controller_of(body: &Value) -> Option<String> {
    let id = match (body.get("controllerId"), body.get("controllerIds")) {
        (Some(id), _) => id,
        (None, Some(ids)) => ids.get(0)?,
        (None, None) => body.get("jobschedulerId")?,
    };
    id.as_str().map(str::to_owned)
}

/// The workflow paths named in a request body, in the order they appear, each once.
pub fn workflows_of(body: &Value) -> Vec<String> {
    let orders = body.get("orders").and_then(Value::as_array);
    let mut paths: Vec<String> = Vec::new();
    for item in std::iter::once(body).chain(orders.into_iter().flatten()) {
        if let Some(path) = item.get("workflowPath").and_then(Value::as_str)
            && !paths.iter().any(|p| p == path)
        {
            paths.push(path.to_owned());
        }
    }
    paths
}

/// JOC's categories of requests, plus one for job executions recorded by this tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Deployments of inventory objects.
    Deployment,
    /// Orders, workflows, agents, locks and other controller objects.
    Controller,
    /// Changes to the inventory.
    Inventory,
    /// The daily plan.
    Dailyplan,
    /// Accounts, logins and permissions.
    Identity,
    /// Keys and certificates.
    Certificates,
    /// Settings and profiles.
    Settings,
    /// Monitoring and notifications.
    Monitoring,
    /// Audit log, approvals and file transfer.
    Others,
    /// Job executions recorded with `auditlog run`.
    Jobs,
    /// Any request JOC does not file under a category.
    Unknown,
}

/// Request prefixes and their categories; the longest matching prefix wins.
const PREFIXES: &[(&str, Category)] = &[
    ("./inventory/deployment", Category::Deployment),
    ("./publish", Category::Deployment),
    ("./orders", Category::Controller),
    ("./workflows", Category::Controller),
    ("./agents", Category::Controller),
    ("./controller", Category::Controller),
    ("./locks", Category::Controller),
    ("./boards", Category::Controller),
    ("./jobs", Category::Controller),
    // JobScheduler 1.x's objects of the controller (then "JobScheduler").
    ("./job_chain", Category::Controller),
    ("./job_chains", Category::Controller),
    ("./jobscheduler", Category::Controller),
    ("./process_class", Category::Controller),
    ("./reporting", Category::Controller),
    ("./inventory", Category::Inventory),
    ("./tags", Category::Inventory),
    ("./daily_plan", Category::Dailyplan),
    ("./dailyplan", Category::Dailyplan),
    ("./schedules", Category::Dailyplan),
    ("./security", Category::Identity),
    ("./login", Category::Identity),
    ("./logout", Category::Identity),
    ("./authentication", Category::Identity),
    ("./keys", Category::Certificates),
    ("./encipherment", Category::Certificates),
    ("./configuration", Category::Settings),
    ("./profile", Category::Settings),
    ("./monitoring", Category::Monitoring),
    ("./notification", Category::Monitoring),
    ("./audit_log", Category::Others),
    ("./approval", Category::Others),
    ("./yade", Category::Others),
    ("./job_executions", Category::Jobs),
];

impl Category {
    /// Every category, in JOC's order.
    pub const ALL: [Category; 11] = [
        Category::Deployment,
        Category::Controller,
        Category::Inventory,
        Category::Dailyplan,
        Category::Identity,
        Category::Certificates,
        Category::Settings,
        Category::Monitoring,
        Category::Others,
        Category::Jobs,
        Category::Unknown,
    ];

    /// The category of a request path. A prefix matches whole path segments only, so
    /// `./ordersx` is not `./orders`.
    pub fn of_request(request: &str) -> Category {
        PREFIXES
            .iter()
            .filter(|(prefix, _)| {
                request
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(prefix, _)| prefix.len())
            .map_or(Category::Unknown, |&(_, category)| category)
    }

    /// The name JOC shows, such as `DAILYPLAN`.
    pub fn name(self) -> &'static str {
        match self {
            Category::Deployment => "DEPLOYMENT",
            Category::Controller => "CONTROLLER",
            Category::Inventory => "INVENTORY",
            Category::Dailyplan => "DAILYPLAN",
            Category::Identity => "IDENTITY",
            Category::Certificates => "CERTIFICATES",
            Category::Settings => "SETTINGS",
            Category::Monitoring => "MONITORING",
            Category::Others => "OTHERS",
            Category::Jobs => "JOBS",
            Category::Unknown => "UNKNOWN",
        }
    }

    /// The category with this name, ignoring case.
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_follows_the_most_specific_prefix() {
        let cases = [
            ("./inventory/deployment/deploy", Category::Deployment),
            ("./inventory/store", Category::Inventory),
            ("./publish/deploy", Category::Deployment),
            ("./orders/add", Category::Controller),
            ("./controller/cluster/switchover", Category::Controller),
            ("./daily_plan/orders/generate", Category::Dailyplan),
            ("./dailyplan/submissions", Category::Dailyplan),
            ("./login", Category::Identity),
            ("./authentication/login", Category::Identity),
            ("./authentication/logout", Category::Identity),
            ("./security/accounts/store", Category::Identity),
            ("./keys/generate", Category::Certificates),
            ("./profile/store", Category::Settings),
            ("./notification/acknowledge", Category::Monitoring),
            ("./audit_log", Category::Others),
            ("./yade/transfers", Category::Others),
            ("./job_executions/start", Category::Jobs),
            ("./ordersx", Category::Unknown),
            ("./something/else", Category::Unknown),
            ("", Category::Unknown),
        ];
        for (request, want) in cases {
            assert_eq!(Category::of_request(request), want, "{request}");
        }
    }

    #[test]
    fn category_names_read_back() {
        for c in Category::ALL {
            assert_eq!(Category::from_name(&c.name().to_lowercase()), Some(c));
        }
        assert_eq!(Category::from_name("nope"), None);
    }

    #[test]
    fn an_entry_names_its_controller_as_the_body_does() {
        let with = |params: &str| Entry {
            created: crate::Stamp::parse("2026-11-23T10:00:00,000").unwrap(),
            level: "INFO".into(),
            request: "./orders/add".into(),
            id: None,
            user: "root".into(),
            params: Some(params.into()),
            comment: None,
            time_spent: None,
            ticket: None,
            origin: None,
        };
        let cases = [
            (
                r#"{"controllerId":"prod","orders":[{"x":1}]}"#,
                Some("prod"),
            ),
            (
                r#"{"a":{"controllerId":"nested"},"controllerIds":["standby","prod"]}"#,
                Some("standby"),
            ),
            (r#"{"controllerId":7,"controllerIds":["standby"]}"#, None),
            (r#"{"controllerIds":[]}"#, None),
            (
                r#"{"jobschedulerId":"jobscheduler_1.11"}"#,
                Some("jobscheduler_1.11"),
            ),
            (
                r#"{"jobschedulerId":"js1","controllerId":"prod"}"#,
                Some("prod"),
            ),
            (r#"{"x":"cut..."#, None),
            ("[1,2]", None),
            (r#"["prod"]"#, None),
        ];
        for (params, want) in cases {
            assert_eq!(with(params).controller().as_deref(), want, "{params}");
            let body: Value = serde_json::from_str(params).unwrap_or(Value::Null);
            assert_eq!(controller_of(&body).as_deref(), want, "{params}");
        }
    }

    #[test]
    fn controller_and_workflows_come_from_the_body() {
        let body: Value = serde_json::from_str(
            r#"{"controllerIds":["prod","standby"],"workflowPath":"/a","orders":[{"workflowPath":"/b"},{"workflowPath":"/a"},{"x":1}]}"#,
        )
        .unwrap();
        assert_eq!(controller_of(&body).as_deref(), Some("prod"));
        assert_eq!(workflows_of(&body), ["/a", "/b"]);
        let body: Value = serde_json::from_str(r#"{"controllerId":"testsuite"}"#).unwrap();
        assert_eq!(controller_of(&body).as_deref(), Some("testsuite"));
        assert!(workflows_of(&body).is_empty());
    }
}
