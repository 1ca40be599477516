//go:build race

package main

// raceEnabled reports whether the tests run with the race detector, and so
// whether the command under test is built with it too.
const raceEnabled = true
