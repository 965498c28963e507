//! Stage 9, the commands: each one a few calls into the stages before it. [`build`] renders
//! into the output's writer; [`check`] runs the check stage ([`crate::check`]) and prints its
//! report; [`serve`] serves a [`session`] that rebuilds on every change [`watch`] reports;
//! [`init`] writes a new site; [`cli`] is the command line.

pub mod build;
pub mod check;
pub mod cli;
pub mod init;
pub mod serve;
pub mod session;
pub mod translate;
pub mod watch;
