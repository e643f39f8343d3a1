//! Development machinery of factdesk, kept out of the shipped binary: the
//! desk generator the benchmarks use, the kill-test loop, and the bodies of
//! the fuzz targets.

pub mod fuzz;
pub mod gen_desk;
pub mod torture;
