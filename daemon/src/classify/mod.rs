//! Text classification: the pretrained models (`models`) and, later, the rules that use them.

pub mod models;
