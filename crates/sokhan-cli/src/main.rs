fn main() {
    println!("sokhan");
}
