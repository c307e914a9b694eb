"""What the trainer does on the console in the browser."""


def open_activity(console, step: str, activity: str) -> None:
    """On the trainer's console: jump to `step` and open `activity` from its panel."""
    console.locator("#jump").select_option(step)
    console.locator(f"[data-step-panel='{step}'] [data-open-activity='{activity}']").click()
