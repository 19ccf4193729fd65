"""The registry: every bundled site is valid, and a bad entry is refused with a clear message."""
import pytest

from dvcrawl.registry import ConfigError, get_site, load_registry, parse_site
from dvcrawl.urls import same_site
from tests.conftest import SITE_IDS

GOOD = {"id": "demo", "name": "Demo", "province": "Ninh Bình", "province_2025": "Ninh Bình",
        "level": "province", "home": "https://demo.dcs.vn/", "domains": ["demo.dcs.vn"],
        "start_urls": ["https://demo.dcs.vn/dan-van"], "template": "dnn_newsdetail"}


REGISTRY = load_registry()


def test_every_recorded_site_is_registered():
    assert set(SITE_IDS) <= set(REGISTRY), set(SITE_IDS) - set(REGISTRY)


@pytest.mark.parametrize("site_id", sorted(REGISTRY))
def test_bundled_site_is_consistent(site_id):
    site = get_site(site_id)
    assert site == REGISTRY[site_id] and site.id == site_id
    assert site.name and site.province and site.province_2025 and site.domains
    assert all(same_site(url, site.domains) for url in site.start_urls)
    assert same_site(site.home, site.domains)


@pytest.mark.parametrize("change,message", [
    ({"start_urls": []}, "'start_urls' must list at least one URL"),
    ({"start_urls": ["/relative"]}, "is not an absolute http(s) URL"),
    ({"start_urls": ["https://elsewhere.vn/x"]}, "outside its domains"),
    ({"level": "commune"}, "'level' must be one of"),
    ({"template": "wordpress"}, "unknown template 'wordpress'"),
    ({"name": ""}, "missing or empty 'name'"),
    ({"id": "bad id"}, "'id' must be a short identifier"),
    ({"colour": "red"}, "unknown key(s) ['colour']"),
])
def test_bad_entries_are_refused(change, message):
    with pytest.raises(ConfigError) as err:
        parse_site({**GOOD, **change}, "sites.toml: [[site]] #1")
    assert message in str(err.value)
    assert "sites.toml: [[site]] #1" in str(err.value)


def test_unknown_site():
    with pytest.raises(ConfigError, match="unknown site 'nowhere'"):
        get_site("nowhere")


def test_registry_file_errors(tmp_path):
    bad = tmp_path / "sites.toml"
    bad.write_text("[[site]\nid=", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_registry(str(bad))
    with pytest.raises(ConfigError, match="site registry not found"):
        load_registry(str(tmp_path / "missing.toml"))
