package exact

import "flag"

// long enables the test cases whose independent references take minutes
// (go test ./exact -exact.long). The default suite runs the same production
// code on cheaper cases.
var long = flag.Bool("exact.long", false, "also run the slow reference cases (minutes)")
