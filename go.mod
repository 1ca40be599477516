module github.com/stamina-go/retry

go 1.25
