//! consultation
