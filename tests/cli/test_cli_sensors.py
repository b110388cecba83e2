"""`psinfo sensors` shows what it can read: a fan whose hwmon has no name file (sensors_fans()
fails, as psutil's) does not hide the temperatures and the battery; the failure is named on
stderr; the exit status is 1 only when nothing could be read."""
import os

from conftest import run_cli as run
def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text + "\n")


def battery(root):
    for name, value in (("type", "Battery"), ("present", "1"), ("capacity", "77"),
                        ("status", "Discharging"), ("energy_now", "5000000"),
                        ("energy_full", "8000000"), ("power_now", "10000000")):
        write(root, "class/power_supply/BAT0/" + name, value)


def test_a_broken_fan_does_not_hide_the_rest(tmp_path):
    root = str(tmp_path)
    write(root, "class/hwmon/hwmon0/name", "coretemp")
    write(root, "class/hwmon/hwmon0/temp1_input", "45000")
    write(root, "class/hwmon/hwmon0/temp1_label", "Package id 0")
    write(root, "class/hwmon/hwmon1/fan1_input", "1200")  # no name file
    battery(root)
    rc, out, err = run("sensors", env={"PSINFO_SYSFS_PATH": root})
    assert rc == 0, (out, err)
    assert "Package id 0" in out and "45.0 °C" in out and "Battery:" in out
    assert "discharging" in out
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("psinfo: sensors: fans: ")
    assert os.path.join(root, "class/hwmon/hwmon1/name") in lines[0]
    # The function itself keeps psutil's behaviour: the error.
    rc, out, err = run("sensors_fans", env={"PSINFO_SYSFS_PATH": root})
    assert rc == 1 and "hwmon1/name" in err


def test_nothing_readable_is_an_error(tmp_path):
    root = str(tmp_path)
    # No name: the fans fail, the temperature is left out (the library's reading), no battery.
    write(root, "class/hwmon/hwmon0/temp1_input", "45000")
    write(root, "class/hwmon/hwmon0/fan1_input", "1200")
    os.makedirs(os.path.join(root, "class/power_supply"))
    rc, out, err = run("sensors", env={"PSINFO_SYSFS_PATH": root})
    assert rc == 1 and out == ""
    assert [l.split(":")[2].strip() for l in err.splitlines()] == ["fans"]


def test_nothing_at_all_is_not_an_error(tmp_path):
    os.makedirs(os.path.join(tmp_path, "class/hwmon"))
    os.makedirs(os.path.join(tmp_path, "class/power_supply"))
    rc, out, err = run("sensors", env={"PSINFO_SYSFS_PATH": str(tmp_path)})
    assert (rc, out, err) == (0, "no temperatures, fans or battery found\n", "")
