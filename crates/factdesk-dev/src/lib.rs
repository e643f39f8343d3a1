//! Development machinery of factdesk, kept out of the shipped binary: the
//! desk generator the benchmarks use, the kill-test loop, the bodies of
//! the fuzz targets, and the fit and measure of the check-worthiness score.

pub mod checkworthy;
pub mod fuzz;
pub mod gen_desk;
pub mod torture;
