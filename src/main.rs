fn main() {
    std::process::exit(junksift::cli::run());
}
