"""The registry: every bundled site is valid, and a bad entry is refused with a clear message."""
import pytest

from dvcrawl.registry import PROVINCES_2025, ConfigError, get_site, load_registry, parse_site, province_2025
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


def test_bundled_registry_covers_the_34_units_as_they_are_now():
    sites = load_registry()
    assert {"ninhbinh", "giaothuy", "backan", "camau", "binhduong"} <= set(sites)
    assert get_site("camau").province_2025 == "Cà Mau"
    active = [s for s in sites.values() if s.level == "province" and s.status == "active"]
    assert sorted(s.province_2025 for s in active) == sorted(PROVINCES_2025)  # one site per unit
    assert get_site("backan").status == "archived" and get_site("backan").merged_into == "thainguyen"
    assert get_site("binhduong").merged_into == "hochiminh"
    assert get_site("giaothuy").status == "archived" and get_site("giaothuy").level == "district"
    assert get_site("hanoi").start_urls == () and get_site("hanoi").template is None  # found from home


def test_an_entry_needs_only_facts_and_a_home_page():
    site = parse_site({k: v for k, v in GOOD.items() if k not in ("start_urls", "template")} | {
        "level": "commune", "province_2025": "TP. Hồ Chí Minh"}, "sites.toml: [[site]] #1")
    assert site.start_urls == () and site.template is None and site.status == "active"
    assert site.province_2025 == "Thành phố Hồ Chí Minh"  # written as people write it, stored as named
    assert province_2025("tỉnh Khánh Hoà") == "Khánh Hòa" and province_2025("Bắc Kạn") is None


def test_merged_into_must_name_a_registered_site(tmp_path):
    registry = tmp_path / "sites.toml"
    registry.write_text('[[site]]\nid = "a"\nname = "A"\nprovince = "Bắc Kạn"\nprovince_2025 = "Thái Nguyên"\n'
                        'level = "province"\nhome = "https://a.vn/"\nstatus = "archived"\nmerged_into = "b"\n',
                        encoding="utf-8")
    with pytest.raises(ConfigError, match="merged_into 'b' is no site id"):
        load_registry(str(registry))


@pytest.mark.parametrize("change,message", [
    ({"start_urls": "https://demo.dcs.vn/dan-van"}, "'start_urls' must be a list of URLs"),
    ({"province_2025": "Bắc Kạn"}, "is not one of the 34 provincial-level units"),
    ({"status": "closed"}, "'status' must be one of"),
    ({"merged_into": "other"}, "'merged_into' names the id of the site that took over an archived site"),
    ({"home": "https://other.vn/"}, "outside its domains"),
    ({"start_urls": ["/relative"]}, "is not an absolute http(s) URL"),
    ({"start_urls": ["https://elsewhere.vn/x"]}, "outside its domains"),
    ({"level": "ward"}, "'level' must be one of"),
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
