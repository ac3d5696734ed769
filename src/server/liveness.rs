//! The client process named in `initialize`'s `processId`: when it dies, the session ends
//! (an editor that crashed never sends `exit`, and may leave stdin open). Checked once a
//! second on a tokio interval; each check runs in `spawn_blocking`, never on the runtime.
//!
//! Linux: `/proc/<pid>` (a zombie counts as dead). Other Unix: `kill -0 <pid>`. Elsewhere
//! the process is not watched.

use super::state::State;
use std::sync::Arc;
use std::time::Duration;
use tower_lsp::lsp_types::MessageType;

/// How often the client process is checked.
pub const PERIOD: Duration = Duration::from_secs(1);

/// Whether process `pid` runs; `None` when this platform cannot tell.
pub fn alive(pid: u32) -> Option<bool> {
    if std::path::Path::new("/proc/self/stat").exists() {
        return Some(match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            // The state letter follows the command name, which ends with the last `)`.
            Ok(stat) => stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .is_none_or(|state| state != "Z" && state != "X"),
            Err(_) => false,
        });
    }
    if cfg!(unix) {
        return std::process::Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .ok()
            .map(|s| s.success());
    }
    None
}

async fn check(pid: u32) -> Option<bool> {
    tokio::task::spawn_blocking(move || alive(pid))
        .await
        .ok()
        .flatten()
}

/// Watches the client process `pid` and ends the session when it is gone.
pub async fn watch(state: Arc<State>, pid: u32) {
    // A process that cannot be seen from here at the start (pid 0, another PID namespace
    // such as a container, a platform without a way to tell) is not watched: ending the
    // session for it would end every session.
    if pid == 0 || pid == std::process::id() || check(pid).await != Some(true) {
        state
            .log(
                MessageType::INFO,
                format!("client process {pid} is not visible; it is not watched"),
            )
            .await;
        return;
    }
    let mut tick = tokio::time::interval(PERIOD);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if check(pid).await == Some(false) {
            eprintln!("mlsd: the client process {pid} is gone; ending the session");
            state.end_session();
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_alive_and_a_reaped_child_is_not() {
        if alive(std::process::id()).is_none() {
            return; // this platform cannot tell
        }
        assert_eq!(alive(std::process::id()), Some(true));
        let Ok(mut child) = std::process::Command::new("true").spawn() else {
            return;
        };
        let pid = child.id();
        let _ = child.wait();
        assert_eq!(alive(pid), Some(false));
    }
}
