//! Stage 6, the commands: each one a few calls into the stages before it. [`build`] renders
//! into the output's writer; [`check`] reports on what [`crate::render::prepare`] found and adds
//! its own checks, printed by [`check_report`] (or as a page by [`status_page`], from the
//! [`check_matrix`]); [`serve`] serves a [`session`] that rebuilds on
//! every change [`watch`] reports; [`init`] writes a new site; [`cli`] is the command line.

pub mod build;
pub mod check;
pub mod check_matrix;
pub mod check_report;
pub mod check_versions;
pub mod cli;
pub mod init;
pub mod serve;
pub mod serve_dir;
pub mod session;
pub mod status_page;
pub mod watch;
