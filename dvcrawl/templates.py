"""Extraction templates, one per CMS family. A site entry in `sites.toml` names one.

Adding a site on a known CMS is a registry entry; a new CMS is a `Template` subclass here
with its selectors (CSS), registered in TEMPLATES. Everything else — text normalisation,
chrome stripping, captions, bylines, dates — is shared.
"""
from dvcrawl.extract.page import Template


class DnnNewsDetail(Template):
    """ASP.NET WebForms portals (Default.aspx?tabid=…&CateID=…&NewsID=…), e.g. ninhbinh.dcs.vn."""

    name = "dnn_newsdetail"
    article_url = r"/Default\.aspx\?tabid=\d+&CateID=\d+&NewsID=\d+"
    listing_item = "div.list_news table"
    listing_link = "a.title_hot, a.title_news"
    listing_date = "span.date_news"
    next_page = "div.pager a"
    title = ".title_detail, td.newsdetail_title"
    summary = ".summary_detail"
    body = ".content_detail"
    published = ".date_detail"
    views = ".hit_detail"
    section = "div.breadcrumb a"


class AspNetMvcPortal(Template):
    """ASP.NET MVC district portals (/tin-tuc-su-kien/<section>/<slug>-<id>.html)."""

    name = "aspnetmvc_portal"
    article_url = r"/tin-tuc-su-kien/[\w-]+/[\w-]+-\d+\.html"
    listing_item = "div.list-news div.news-item"
    listing_link = ".news-name a"
    listing_date = ".news-date"
    next_page = "ul.pagination a"
    title = "h1.news-title"
    summary = ".news-summary"
    body = "#news-content, .news-content"
    views = ".news-view-count"
    section = "ol.breadcrumb li"


class BootstrapArticle(Template):
    """Newer Bootstrap news CMS (/<slug>-post<id>.html, <article class="article">)."""

    name = "bootstrap_article"
    article_url = r"/[\w-]+-post\d+\.html"
    listing_item = "div.category-list article.story"
    listing_link = ".story__title a, a.story__thumb"
    listing_date = ".story__time"
    next_page = "ul.pagination a.page-link"
    title = "h1.article__title"
    summary = ".article__sapo"
    body = ".article__body"
    published = ".article__time"
    views = ".article__views"
    section = "ol.breadcrumb li"


class LiferayAssetPublisher(Template):
    """Liferay 6.2 portals: asset publisher lists and journal articles (/-/asset_publisher/…)."""

    name = "liferay_asset_publisher"
    article_url = r"/-/asset_publisher/\w+/content/"
    listing_item = "#main-content .asset-abstract"
    listing_link = ".asset-title a"
    listing_date = ".metadata-publish-date"
    next_page = "#main-content ul.lfr-pagination-buttons a"
    title = ".taglib-header .header-title"
    body = ".news-content"
    published = ".news-date"
    views = ".view-count"
    section = "#breadcrumbs li"


class PhpNewsDetail(Template):
    """PHP news CMS (/chuyen-muc/<section>.html lists, /tin-tuc/<slug>-<id>.html articles)."""

    name = "php_news_detail"
    article_url = r"/tin-tuc/[\w-]+-\d+\.html"
    listing_item = "div.cat-box div.list-news div.item"
    listing_link = "h3.title a, a.thumb"
    listing_date = ".date"
    next_page = "ul.pagination a"
    title = "h1.detail-title"
    summary = ".detail-sapo"
    body = "#detail-content, .detail-content"
    published = ".detail-date"
    section = "ul.breadcrumb li"


TEMPLATES: dict[str, type[Template]] = {
    t.name: t for t in (DnnNewsDetail, AspNetMvcPortal, BootstrapArticle, LiferayAssetPublisher,
                        PhpNewsDetail)
}
