//! The one harness for running the `mlsd` binary: a temporary folder that is also `HOME`
//! (config discovery stops at the home folder, so no `.mlsd.toml` outside the test is
//! seen), and a runner that collects stdout and stderr on threads (no pipe deadlock), fails
//! on a panic message or a signal death, and kills a run that outlives [`TIMEOUT`].
//!
//! Include with `#[path = "support/sandbox.rs"] mod sandbox;` (like `lsp_harness.rs`).
#![allow(dead_code)] // each test file uses a part of it

use serde_json::Value;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// "Does not hang": generous, for the debug binary on a busy two-core machine.
pub const TIMEOUT: Duration = Duration::from_secs(90);

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}",
                &self.stdout[..self.stdout.len().min(2000)]
            )
        })
    }

    /// The JSON entry of one file of a `--format json` run.
    pub fn file(&self, path: &str) -> Value {
        let v = self.json();
        v["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|f| f["path"] == path)
            .cloned()
            .unwrap_or_else(|| panic!("{path} not in the report: {:#}", v["files"]))
    }
}

/// A temporary folder, canonical so that `HOME` compares equal to the folders discovery
/// walks through.
pub struct Sandbox {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
    /// Variables set (`Some`) or removed (`None`) for every run.
    env: Vec<(String, Option<String>)>,
    lossy: bool,
}

impl Default for Sandbox {
    fn default() -> Self {
        Sandbox::new()
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().canonicalize().expect("canonical temp dir");
        Sandbox {
            _tmp: tmp,
            root,
            env: Vec::new(),
            lossy: false,
        }
    }

    /// Every run's output may hold invalid UTF-8 (see [`Mlsd::lossy`]).
    pub fn lossy(mut self) -> Sandbox {
        self.lossy = true;
        self
    }

    /// Every run gets `key=value`.
    pub fn with_env(mut self, key: &str, value: &str) -> Sandbox {
        self.env.push((key.to_string(), Some(value.to_string())));
        self
    }

    /// Every run goes without `key` (e.g. `NO_COLOR`, when colour flags are under test).
    pub fn without_env(mut self, key: &str) -> Sandbox {
        self.env.push((key.to_string(), None));
        self
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create folders");
        }
        std::fs::write(&p, contents).expect("write file");
        p
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).expect("read file")
    }

    pub fn read_string(&self, rel: &str) -> String {
        String::from_utf8(self.read(rel)).expect("UTF-8 file")
    }

    /// `mlsd ARGS` in the sandbox, which is also its `HOME`.
    pub fn mlsd(&self, args: &[&str]) -> Mlsd {
        self.mlsd_in(&self.root, args)
    }

    /// `mlsd ARGS` in a folder (`HOME` stays the sandbox).
    pub fn mlsd_in(&self, dir: &Path, args: &[&str]) -> Mlsd {
        let mut m = Mlsd::new(args).cwd(dir).home(&self.root);
        if self.lossy {
            m = m.lossy();
        }
        for (k, v) in &self.env {
            m = match v {
                Some(v) => m.env(k, v),
                None => m.env_remove(k),
            };
        }
        m
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.mlsd(args).run()
    }

    /// `mlsd ARGS` in a folder of the sandbox.
    pub fn run_in(&self, rel_dir: &str, args: &[&str]) -> Run {
        self.mlsd_in(&self.path(rel_dir), args).run()
    }

    pub fn run_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        self.mlsd(args).stdin(input).run()
    }
}

/// One run of the binary, configured step by step. By default: the test's working folder
/// and environment, stdin closed, output that must be UTF-8, no signal death.
pub struct Mlsd {
    cmd: Command,
    what: String,
    stdin: Option<Vec<u8>>,
    lossy: bool,
    signal_ok: bool,
}

impl Mlsd {
    pub fn new(args: &[&str]) -> Mlsd {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_mlsd"));
        cmd.args(args);
        Mlsd {
            cmd,
            what: format!("mlsd {args:?}"),
            stdin: None,
            lossy: false,
            signal_ok: false,
        }
    }

    pub fn cwd(mut self, dir: impl AsRef<Path>) -> Mlsd {
        self.cmd.current_dir(dir);
        self
    }

    pub fn home(self, dir: impl AsRef<Path>) -> Mlsd {
        self.env("HOME", dir.as_ref())
    }

    pub fn env(mut self, key: &str, value: impl AsRef<OsStr>) -> Mlsd {
        self.cmd.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Mlsd {
        self.cmd.env_remove(key);
        self
    }

    pub fn stdin(mut self, input: &[u8]) -> Mlsd {
        self.stdin = Some(input.to_vec());
        self
    }

    /// Output may hold invalid UTF-8 (shown with U+FFFD), e.g. non-UTF-8 file names.
    pub fn lossy(mut self) -> Mlsd {
        self.lossy = true;
        self
    }

    /// A signal death is expected (the test sends it): exit code -1 instead of a failure.
    pub fn signal_ok(mut self) -> Mlsd {
        self.signal_ok = true;
        self
    }

    pub fn spawn(mut self) -> Running {
        self.cmd
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("spawn mlsd");
        // Fed from a thread (no deadlock on big outputs); mlsd may exit without reading it
        // (usage errors), so a broken pipe is not a failure.
        let feeder = self.stdin.take().map(|input| {
            let mut pipe = child.stdin.take().expect("stdin pipe");
            std::thread::spawn(move || {
                let _ = pipe.write_all(&input);
            })
        });
        Running {
            child,
            feeder,
            what: self.what,
            lossy: self.lossy,
            signal_ok: self.signal_ok,
        }
    }

    pub fn run(self) -> Run {
        self.spawn().finish()
    }
}

/// A started run.
pub struct Running {
    child: Child,
    feeder: Option<std::thread::JoinHandle<()>>,
    what: String,
    lossy: bool,
    signal_ok: bool,
}

impl Running {
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Waits (killing the run after [`TIMEOUT`]) and checks it neither panicked nor died
    /// by an unexpected signal.
    pub fn finish(mut self) -> Run {
        let what = self.what;
        let drain = |pipe: Option<Box<dyn Read + Send>>| {
            std::thread::spawn(move || {
                let mut b = Vec::new();
                if let Some(mut p) = pipe {
                    let _ = p.read_to_end(&mut b);
                }
                b
            })
        };
        let out = drain(self.child.stdout.take().map(|p| Box::new(p) as _));
        let err = drain(self.child.stderr.take().map(|p| Box::new(p) as _));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            if started.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("{what} did not finish within {TIMEOUT:?} (hang or super-linear work)");
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        if let Some(t) = self.feeder {
            t.join().expect("stdin feeder");
        }
        let text = |bytes: Vec<u8>, name: &str| {
            if self.lossy {
                String::from_utf8_lossy(&bytes).into_owned()
            } else {
                String::from_utf8(bytes).unwrap_or_else(|_| panic!("{what}: {name} is not UTF-8"))
            }
        };
        let stdout = text(out.join().expect("stdout reader"), "stdout");
        let stderr = text(err.join().expect("stderr reader"), "stderr");
        let code = match status.code() {
            Some(code) => code,
            None if self.signal_ok => -1,
            None => panic!("{what} was killed by a signal: {stderr}"),
        };
        assert!(
            !stderr.contains("panicked") && !stdout.contains("panicked at"),
            "{what} panicked:\n{stderr}"
        );
        Run {
            code,
            stdout,
            stderr,
        }
    }
}
