#pragma once
// `harbormap serve`: the web map of a build's output folder over HTTP (cpp-httplib, a thread pool).
//   /                       the viewer (index.html) and its files; /vendor/* maplibre-gl, pmtiles + licences
//   /style.json             the build's MapLibre style, its source pointed at /tilejson.json
//   /tilejson.json          TileJSON 3.0.0 of the MBTiles
//   /tiles/{z}/{x}/{y}.pbf  tiles from the MBTiles: gzip (Content-Encoding) when accepted, ETag, Cache-Control;
//                           outside the grid 400, outside the zoom range 404, empty (not stored) 204
//   /harbormap.pmtiles      the PMTiles file with HTTP range requests
//   /facets.json /config.json   the filter values, the viewer's mode ("server")
//   /api/ports/{id} /api/ports?... /api/route?... /api/near?... /api/deps/{id}   (see api.hpp)
// Errors are JSON {"status", "message"}; paths with '..' are refused (400); query strings are bounded.
#include "engine/products/serve/api.hpp"
#include "engine/products/serve/tile_store.hpp"
#include "engine/products/serve/web_bundle.hpp"

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>

namespace httplib {
class Server;
}

namespace harbormap::products::serve {

struct server_options {
    std::filesystem::path out_dir;      // a build's output: harbormap.mbtiles, .pmtiles, .gpkg, seagraph.hmg, styles/
    std::filesystem::path web_dir;      // the viewer's files
    std::filesystem::path vendor_dir;   // node_modules with maplibre-gl and pmtiles
    std::filesystem::path data_dir, mappings_dir; // for the sea graph when seagraph.hmg is missing
    std::string bind = "127.0.0.1";
    int port = 8080;                    // 0: any free port (see server::port())
    std::size_t threads = 32;           // worker threads (each keep-alive connection holds one while open)
    bool access_log = true;             // one line per request on the log stream
    std::uintmax_t preload_bytes = tile_store::default_preload_bytes; // MBTiles up to this size are served from memory
};

inline constexpr std::size_t max_query_length = 2048; // bytes of the decoded query parameters
inline constexpr std::size_t max_path_length = 1024;

class server {
public:
    server(server_options opt, std::ostream& log); // loads everything; throws processing_error
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    int bind();    // binds (throws processing_error when the address is taken); returns the port
    void listen(); // serves until stop(); returns when in-flight requests are done
    void stop();   // thread-safe; also safe before listen()
    int port() const { return m_port; }

private:
    void hooks();
    void routes();
    void log_line(const std::string& line);

    server_options m_opt;
    std::ostream& m_log;
    std::mutex m_log_mutex;
    std::unique_ptr<tile_store> m_tiles;
    std::unique_ptr<api> m_api;
    std::vector<bundle_file> m_files;
    std::string m_facets;
    std::filesystem::path m_pmtiles;
    std::unique_ptr<httplib::Server> m_http;
    std::atomic<int> m_listen_fd{-1};
    int m_port = 0;
};

// Runs the server until SIGINT or SIGTERM (blocked in every thread, taken by sigwait on the calling
// thread), then stops it gracefully: the listening socket closes, requests in flight are answered.
// Returns the signal number.
int serve_until_signal(server& s, std::ostream& log);

} // namespace harbormap::products::serve
