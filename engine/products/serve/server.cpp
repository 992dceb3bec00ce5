#include "engine/products/serve/server.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "tiles/compress.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <map>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>

namespace fs = std::filesystem;

namespace harbormap::products::serve {
namespace {

using httplib::Request;
using httplib::Response;

void send(Response& res, const api_response& a) {
    res.status = a.status;
    res.set_content(a.body, "application/json");
}

// A path is served only when none of its segments is "." or ".." and it has no backslash or NUL
// (httplib has already percent-decoded it, so "%2e%2e" arrives here as "..").
bool safe_path(const std::string& path) {
    if (path.find('\\') != std::string::npos || path.find('\0') != std::string::npos) return false;
    for (const auto& seg : split(path, '/'))
        if (seg == ".." || seg == ".") return false;
    return true;
}

// "http://host:port" from the Host header when it looks like one, else from the bound address.
std::string base_url(const Request& req, const std::string& bind, int port) {
    std::string host = req.get_header_value("Host");
    const bool ok = !host.empty() && host.size() < 256 &&
                    std::all_of(host.begin(), host.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || std::strchr(".-:[]", c); });
    if (!ok) host = fmt::format("{}:{}", bind == "0.0.0.0" ? "127.0.0.1" : bind, port);
    return "http://" + host;
}

const char* error_code(int status) {
    switch (status) {
    case 400: return "bad_request";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 416: return "range_not_satisfiable";
    default: return status >= 500 ? "server_error" : "error";
    }
}

struct cached_file {
    std::string body, type, etag;
};

} // namespace

server::server(server_options opt, std::ostream& log) : m_opt(std::move(opt)), m_log(log) {
    m_tiles = std::make_unique<tile_store>(m_opt.out_dir / "harbormap.mbtiles", m_opt.preload_bytes);
    m_pmtiles = m_opt.out_dir / "harbormap.pmtiles";
    if (!fs::is_regular_file(m_pmtiles)) throw processing_error(m_pmtiles.string() + " does not exist: run 'harbormap build' first");
    style_with_source(m_opt.out_dir, "/tilejson.json"); // fails early when the style is missing
    m_files = viewer_files(m_opt.web_dir, m_opt.vendor_dir);
    for (auto& g : glyph_files(m_opt.out_dir)) m_files.push_back(std::move(g)); // /glyphs/{fontstack}/{range}.pbf
    for (auto& b : basemap_files(m_opt.out_dir)) m_files.push_back(std::move(b)); // /basemap/countries-50m.geojson
    m_api = std::make_unique<api>(api_paths{m_opt.out_dir / "harbormap.gpkg", m_opt.out_dir / "seagraph.hmg", m_opt.data_dir, m_opt.mappings_dir}, log);
    m_facets = m_api->facets().dump() + "\n";
    m_http = std::make_unique<httplib::Server>();
    const std::size_t threads = std::max<std::size_t>(m_opt.threads, 2);
    m_http->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    m_http->set_tcp_nodelay(true); // headers and body are separate writes: no Nagle + delayed-ACK 40 ms stall
    m_http->set_keep_alive_max_count(10000);
    m_http->set_keep_alive_timeout(2); // also bounds how long shutdown waits for an idle keep-alive connection
    m_http->set_read_timeout(5);
    m_http->set_write_timeout(5);
    m_http->set_payload_max_length(64 * 1024);
    m_http->set_socket_options([this](int fd) {
        int yes = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        m_listen_fd = fd;
    });
    hooks();
    routes();
}

server::~server() = default;

void server::log_line(const std::string& line) {
    std::lock_guard lock(m_log_mutex);
    m_log << line << '\n' << std::flush;
}

int server::bind() {
    if (m_opt.port == 0) {
        m_port = m_http->bind_to_any_port(m_opt.bind);
        if (m_port <= 0) throw processing_error("cannot bind " + m_opt.bind + " to any port");
    } else {
        if (!m_http->bind_to_port(m_opt.bind, m_opt.port))
            throw processing_error(fmt::format("cannot listen on {}:{} (in use? try --port)", m_opt.bind, m_opt.port));
        m_port = m_opt.port;
    }
    // httplib listens with a backlog of 5; a burst of parallel clients needs more (listen() again
    // on a listening socket only changes the backlog).
    if (m_listen_fd >= 0) ::listen(m_listen_fd, 1024);
    return m_port;
}

void server::listen() {
    if (!m_http->listen_after_bind() && m_http->is_running()) throw processing_error("server stopped on an error");
}

void server::stop() { m_http->stop(); }

// Checks before routing (method, sizes, traversal), JSON error bodies, exceptions, the access log.
void server::hooks() {
    auto& h = *m_http;
    h.set_pre_routing_handler([](const Request& req, Response& res) {
        if (req.method != "GET" && req.method != "HEAD") {
            send(res, json_error(405, "method_not_allowed", "only GET and HEAD are served"));
            res.set_header("Allow", "GET, HEAD");
            return httplib::Server::HandlerResponse::Handled;
        }
        if (req.path.size() > max_path_length) {
            send(res, json_error(414, "uri_too_long", fmt::format("path longer than {} bytes", max_path_length)));
            return httplib::Server::HandlerResponse::Handled;
        }
        if (!safe_path(req.path)) {
            send(res, json_error(400, "bad_request", "path traversal refused: '.' and '..' segments are not served"));
            return httplib::Server::HandlerResponse::Handled;
        }
        // the answers are JSON, which carries UTF-8 only, and echo what was asked: bytes that are not UTF-8
        // (a Latin-1 "Col%F3n", a stray %FF) are a bad request naming where they are, not a 500 from the
        // JSON writer
        if (!is_valid_utf8(req.path)) {
            send(res, json_error(400, "bad_request", "the path is not UTF-8 (percent-encode a name's UTF-8 bytes, e.g. Col%C3%B3n)"));
            return httplib::Server::HandlerResponse::Handled;
        }
        for (const auto& [k, v] : req.params) {
            if (!is_valid_utf8(k) || !is_valid_utf8(v)) {
                send(res, json_error(400, "bad_request", is_valid_utf8(k) ? "parameter '" + k + "' is not UTF-8 (percent-encode its UTF-8 bytes)"
                                                                          : std::string("a parameter name is not UTF-8")));
                return httplib::Server::HandlerResponse::Handled;
            }
        }
        // the raw query string bounds the work of every handler (httplib drops repeated key=value pairs)
        const auto q = req.target.find('?');
        std::size_t bytes = q == std::string::npos ? 0 : req.target.size() - q - 1;
        for (const auto& [k, v] : req.params) {
            if (v.size() > max_param_length) {
                send(res, json_error(400, "bad_request", fmt::format("parameter '{}' longer than {} bytes", k, max_param_length)));
                return httplib::Server::HandlerResponse::Handled;
            }
        }
        if (req.params.size() > max_params || bytes > max_query_length) {
            send(res, json_error(400, "bad_request", fmt::format("query too large (at most {} parameters, {} bytes)", max_params, max_query_length)));
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });
    h.set_error_handler(httplib::Server::HandlerWithResponse([](const Request&, Response& res) {
        if (!res.body.empty() || res.content_length_ > 0) return httplib::Server::HandlerResponse::Unhandled;
        send(res, json_error(res.status, error_code(res.status), res.status == 404 ? "no such resource" : "request failed"));
        return httplib::Server::HandlerResponse::Handled;
    }));
    h.set_exception_handler([this](const Request& req, Response& res, std::exception_ptr ep) {
        std::string what = "unknown error";
        try {
            std::rethrow_exception(ep);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        log_line(fmt::format("error: {} {}: {}", req.method, req.path, what));
        send(res, json_error(500, "server_error", what));
    });
    h.set_logger([this](const Request& req, const Response& res) {
        if (m_opt.access_log || res.status >= 500)
            log_line(fmt::format("{} {} {} {} {}", req.remote_addr, req.method, req.target.empty() ? req.path : req.target, res.status,
                                 res.body.size() ? res.body.size() : res.content_length_));
    });
}

void server::routes() {
    auto& h = *m_http;

    // ---- tiles
    h.Get(R"(/tiles/(\d{1,3})/(\d{1,10})/(\d{1,10})\.pbf)", [this](const Request& req, Response& res) {
        const auto z = *parse_int(req.matches[1].str()), x = *parse_int(req.matches[2].str()), y = *parse_int(req.matches[3].str());
        if (z > 30 || x >= (1ll << z) || y >= (1ll << z))
            return send(res, json_error(400, "bad_request", fmt::format("tile {}/{}/{} is outside the grid (x and y < 2^z, z <= 30)", z, x, y)));
        if (z < m_tiles->min_zoom() || z > m_tiles->max_zoom())
            return send(res, json_error(404, "not_found", fmt::format("zoom {} is outside the tileset's {}-{}", z, m_tiles->min_zoom(), m_tiles->max_zoom())));
        const tiles::tile_id id{static_cast<std::uint32_t>(z), static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)};
        auto t = m_tiles->get(id);
        res.set_header("Cache-Control", "public, max-age=3600");
        res.set_header("Access-Control-Allow-Origin", "*");
        if (!t) { // not stored = empty (harbormap writes no empty tiles)
            res.status = 204;
            return;
        }
        res.set_header("ETag", t->etag);
        if (req.get_header_value("If-None-Match") == t->etag) {
            res.status = 304;
            return;
        }
        const bool gzip_ok = req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
        if (t->gzipped && gzip_ok) {
            res.set_header("Content-Encoding", "gzip");
            res.set_content(std::move(t->data), "application/x-protobuf");
        } else {
            res.set_content(t->gzipped ? tiles::gzip_decompress(t->data) : std::move(t->data), "application/x-protobuf");
        }
    });
    h.Get(R"(/tiles/.*)", [](const Request&, Response& res) {
        send(res, json_error(400, "bad_request", "tile paths are /tiles/{z}/{x}/{y}.pbf with decimal z, x, y"));
    });
    h.Get("/tilejson.json", [this](const Request& req, Response& res) {
        const auto j = m_tiles->tilejson(base_url(req, m_opt.bind, m_port) + "/tiles/{z}/{x}/{y}.pbf");
        res.set_header("Access-Control-Allow-Origin", "*");
        res.set_content(j.dump(2) + "\n", "application/json");
    });
    h.Get("/style.json", [this](const Request& req, Response& res) {
        const std::string base = base_url(req, m_opt.bind, m_port);
        res.set_content(style_with_source(m_opt.out_dir, base + "/tilejson.json", base + "/glyphs/{fontstack}/{range}.pbf"), "application/json");
    });
    h.Get("/facets.json", [this](const Request&, Response& res) { res.set_content(m_facets, "application/json"); });
    h.Get("/config.json", [config = nlohmann::json{{"mode", "server"}, {"pmtiles", "harbormap.pmtiles"}, {"basemap", basemap_url(m_opt.out_dir)}}.dump() +
                                     "\n"](const Request&, Response& res) { res.set_content(config, "application/json"); });
    // ---- the PMTiles file, with range requests (httplib answers Range with 206 and Content-Range)
    h.Get("/harbormap.pmtiles", [this](const Request& req, Response& res) {
        std::error_code ec;
        const auto size = fs::file_size(m_pmtiles, ec);
        if (ec) return send(res, json_error(404, "not_found", "harbormap.pmtiles is gone"));
        // httplib 0.11 slices the answer by req.ranges after this handler, as they were sent: a last byte past
        // the end went out as "bytes A-(past)/size" with a Content-Length the file cannot fill, and a 416's own
        // body was sliced away under a second Content-Range.  So the ranges are settled here: a last byte past
        // the end is the file's last byte (RFC 9110 14.1.2), and an unsatisfiable set is answered without them.
        // (The Request is httplib's own non-const object, handed to handlers by const reference.)
        auto& ranges = const_cast<Request&>(req).ranges;
        for (auto& [first, last] : ranges) {
            const auto n = static_cast<std::int64_t>(size);
            const bool unsatisfiable = first >= 0 ? first >= n || (last >= 0 && last < first) : last <= 0 || n == 0;
            if (unsatisfiable) {
                ranges.clear();
                res.set_header("Content-Range", fmt::format("bytes */{}", size));
                return send(res, json_error(416, "range_not_satisfiable", fmt::format("the file has {} bytes", size)));
            }
            if (first >= 0 && last >= n) last = n - 1;
        }
        const auto mtime = static_cast<std::uint64_t>(fs::last_write_time(m_pmtiles, ec).time_since_epoch().count());
        res.set_header("ETag", fmt::format("\"{:x}-{:x}\"", size, mtime));
        res.set_header("Accept-Ranges", "bytes");
        res.set_header("Access-Control-Allow-Origin", "*");
        auto file = std::make_shared<std::ifstream>(m_pmtiles, std::ios::binary);
        res.set_content_provider(size, "application/octet-stream", [file](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            std::vector<char> buf(std::min<std::size_t>(length, 256 * 1024));
            file->seekg(static_cast<std::streamoff>(offset));
            while (length > 0 && *file) {
                const auto n = std::min(length, buf.size());
                file->read(buf.data(), static_cast<std::streamsize>(n));
                const auto got = static_cast<std::size_t>(file->gcount());
                if (got == 0 || !sink.write(buf.data(), got)) return false;
                length -= got;
            }
            return length == 0;
        });
    });
    // ---- APIs
    auto params = [](const Request& req) { return query_params(req.params.begin(), req.params.end()); };
    // /api/ports/{id} and /api/deps/{id}: the rest of the path is the id, slashes and all (httplib has decoded
    // it: "Sidon%2Fzahrani%20Terminal" is the WPI port "Sidon/zahrani Terminal"); they take no parameter
    auto no_params = [](const Request& req, Response& res, const char* api) {
        if (req.params.empty()) return false;
        send(res, json_error(400, "bad_request", "unknown parameter '" + req.params.begin()->first + "' (" + api + "{id} takes none)"));
        return true;
    };
    h.Get(R"(/api/ports/(.+))", [this, no_params](const Request& req, Response& res) {
        if (!no_params(req, res, "/api/ports/")) send(res, m_api->port(req.matches[1].str()));
    });
    h.Get("/api/ports", [this, params](const Request& req, Response& res) { send(res, m_api->ports(params(req))); });
    h.Get("/api/route", [this, params](const Request& req, Response& res) { send(res, m_api->route(params(req))); });
    h.Get("/api/near", [this, params](const Request& req, Response& res) { send(res, m_api->near(params(req))); });
    h.Get(R"(/api/deps/(.+))", [this, no_params](const Request& req, Response& res) {
        if (!no_params(req, res, "/api/deps/")) send(res, m_api->deps(req.matches[1].str()));
    });
    h.Get(R"(/api/.*)", [](const Request& req, Response& res) {
        send(res, json_error(404, "not_found", "no API " + req.path + " (ports/{id}, ports, route, near, deps/{id})"));
    });
    // ---- the viewer's files (a fixed table: nothing else on disk is reachable)
    auto files = std::make_shared<std::map<std::string, cached_file>>();
    for (const auto& f : m_files) {
        const std::string body = f.source.empty() ? f.content : read_file(f.source);
        (*files)[f.url] = {body, content_type_for(f.url), etag_of(body)};
    }
    h.Get(R"(/.*)", [files](const Request& req, Response& res) {
        const auto it = files->find(req.path == "/" ? "/index.html" : req.path);
        if (it == files->end()) return send(res, json_error(404, "not_found", "no such file: " + req.path));
        res.set_header("ETag", it->second.etag);
        res.set_header("Cache-Control", "no-cache");
        if (req.get_header_value("If-None-Match") == it->second.etag) {
            res.status = 304;
            return;
        }
        res.set_content(it->second.body, it->second.type);
    });
}

int serve_until_signal(server& s, std::ostream& log) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigset_t old;
    pthread_sigmask(SIG_BLOCK, &set, &old); // inherited by the listener and the worker threads
    std::exception_ptr failure;
    std::atomic<bool> done{false};
    std::thread listener([&] {
        try {
            s.listen();
        } catch (...) {
            failure = std::current_exception();
        }
        done = true;
    });
    int sig = 0;
    const timespec tick{0, 200'000'000};
    while (!done) {
        const int r = sigtimedwait(&set, nullptr, &tick);
        if (r == SIGINT || r == SIGTERM) {
            sig = r;
            break;
        }
    }
    if (sig) log << "serve: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ", finishing requests in flight and stopping\n" << std::flush;
    s.stop();
    listener.join();
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
    if (failure) std::rethrow_exception(failure);
    return sig;
}

} // namespace harbormap::products::serve
