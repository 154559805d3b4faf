// Does nothing: the cost of starting and ending a native process, for bench/run.sh to compare with.
int main() {
    return 0;
}
