// Shared set-up for component tests (jsdom).
