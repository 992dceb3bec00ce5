// tiles build --layer: a file's features handed to the calling thread, read there (one thread) or by
// reader threads (see tiles_read.hpp).
#include "engine/cli/tiles_read.hpp"

#include "engine/core/error.hpp"
#include "layers/reader.hpp"

#include <protozero/buffer_string.hpp>
#include <protozero/varint.hpp>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>

namespace harbormap::cli {
namespace {

// The features of the second part of a split CSV (layers::stream_vector_part), kept compactly while the
// first part is taken: id, row, geometry and the values in schema order (the property names are the
// schema's: a CSV feature has every field of the schema, in order).
void put_points(std::string& out, const std::vector<lon_lat>& pts) {
    static_assert(std::is_trivially_copyable_v<lon_lat>);
    protozero::add_varint_to_buffer(&out, pts.size());
    if (!pts.empty()) out.append(reinterpret_cast<const char*>(pts.data()), pts.size() * sizeof(lon_lat));
}

void get_points(const char*& p, const char* end, std::vector<lon_lat>& pts) {
    pts.resize(static_cast<std::size_t>(protozero::decode_varint(&p, end)));
    if (!pts.empty()) std::memcpy(pts.data(), p, pts.size() * sizeof(lon_lat));
    p += pts.size() * sizeof(lon_lat);
}

void encode_feature(std::string& out, const feature& f, const feature_layer& schema) {
    if (f.properties.size() != schema.fields.size())
        throw std::logic_error("the second part of a split CSV has a feature out of its schema");
    protozero::add_varint_to_buffer(&out, protozero::encode_zigzag64(f.id));
    protozero::add_varint_to_buffer(&out, protozero::encode_zigzag64(f.row));
    out.push_back(static_cast<char>(f.geom.type));
    put_points(out, f.geom.points);
    protozero::add_varint_to_buffer(&out, f.geom.lines.size());
    for (const auto& l : f.geom.lines) put_points(out, l);
    protozero::add_varint_to_buffer(&out, f.geom.polygons.size());
    for (const auto& poly : f.geom.polygons) {
        protozero::add_varint_to_buffer(&out, poly.rings.size());
        for (const auto& r : poly.rings) put_points(out, r);
    }
    for (std::size_t i = 0; i < f.properties.size(); ++i) {
        const auto& [key, v] = f.properties[i];
        if (key != schema.fields[i].name) throw std::logic_error("the second part of a split CSV has a feature out of its schema");
        out.push_back(static_cast<char>(v.index()));
        if (const auto* b = std::get_if<bool>(&v)) out.push_back(*b ? 1 : 0);
        else if (const auto* n = std::get_if<std::int64_t>(&v)) protozero::add_varint_to_buffer(&out, protozero::encode_zigzag64(*n));
        else if (const auto* d = std::get_if<double>(&v)) out.append(reinterpret_cast<const char*>(d), sizeof *d);
        else if (const auto* t = std::get_if<std::string>(&v)) {
            protozero::add_varint_to_buffer(&out, t->size());
            out += *t;
        }
    }
}

feature decode_feature(const char*& p, const char* end, const feature_layer& schema) {
    feature f;
    f.id = protozero::decode_zigzag64(protozero::decode_varint(&p, end));
    f.row = protozero::decode_zigzag64(protozero::decode_varint(&p, end));
    f.geom.type = static_cast<geometry_type>(*p++);
    get_points(p, end, f.geom.points);
    f.geom.lines.resize(static_cast<std::size_t>(protozero::decode_varint(&p, end)));
    for (auto& l : f.geom.lines) get_points(p, end, l);
    f.geom.polygons.resize(static_cast<std::size_t>(protozero::decode_varint(&p, end)));
    for (auto& poly : f.geom.polygons) {
        poly.rings.resize(static_cast<std::size_t>(protozero::decode_varint(&p, end)));
        for (auto& r : poly.rings) get_points(p, end, r);
    }
    f.properties.reserve(schema.fields.size());
    for (const auto& field : schema.fields) {
        value v;
        switch (*p++) {
        case 1: v = *p++ != 0; break;
        case 2: v = static_cast<std::int64_t>(protozero::decode_zigzag64(protozero::decode_varint(&p, end))); break;
        case 3: {
            double d;
            std::memcpy(&d, p, sizeof d);
            p += sizeof d;
            v = d;
            break;
        }
        case 4: {
            const auto n = static_cast<std::size_t>(protozero::decode_varint(&p, end));
            v = std::string(p, n);
            p += n;
            break;
        }
        default: break;
        }
        f.properties.emplace_back(field.name, std::move(v));
    }
    return f;
}

bool same_schema(const feature_layer& a, const feature_layer& b) {
    return a.geom_type == b.geom_type && a.fields.size() == b.fields.size() &&
           std::equal(a.fields.begin(), a.fields.end(), b.fields.begin(),
                      [](const field_def& x, const field_def& y) { return x.name == y.name && x.type == y.type; });
}

} // namespace

// Streams a file with reader threads doing GDAL's parsing while the calling thread takes the features
// (projection and attribute encoding in tile_input::add): callbacks run on the calling thread, in file
// order; an exception on any side stops every thread and is rethrown here.  One reader streams the file,
// or the first part of a split CSV (layers::plan_vector_read) while a second reader parses the second
// part at the same time into a compact buffer that the calling thread takes after the first part.
void stream_overlapped(const std::string& file, const std::vector<std::string>& preferred,
                       const std::function<void(const feature_layer&)>& on_layer, const std::function<void(feature&&)>& on_feature) {
    const layers::vector_read_plan plan = layers::plan_vector_read(file, 2);
    struct item {
        std::optional<feature_layer> schema;
        std::vector<feature> batch;
        bool end = false;
    };
    struct stopped {};
    constexpr std::size_t batch_size = 2048, depth = 8;
    std::mutex m;
    std::condition_variable cv;
    std::deque<item> q;
    std::exception_ptr error;
    bool stop = false;
    // the second part: its schema, encoded batches of batch_size features, its end and error
    std::optional<feature_layer> schema2;
    std::deque<std::string> q2;
    bool end2 = false;
    std::exception_ptr error2;
    auto push = [&](item&& it) {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return q.size() < depth || stop; });
        if (stop) throw stopped{};
        q.push_back(std::move(it));
        cv.notify_all();
    };
    std::thread reader([&] {
        item cur;
        try {
            layers::stream_vector_part(
                plan, 0, preferred,
                [&](const feature_layer& schema) {
                    if (!cur.batch.empty()) push(std::exchange(cur, {}));
                    item head;
                    head.schema = schema;
                    push(std::move(head));
                },
                [&](feature&& f) {
                    cur.batch.push_back(std::move(f));
                    if (cur.batch.size() == batch_size) push(std::exchange(cur, {}));
                });
            if (!cur.batch.empty()) push(std::move(cur));
        } catch (const stopped&) {
        } catch (...) {
            std::lock_guard lock(m);
            error = std::current_exception();
        }
        std::lock_guard lock(m);
        q.push_back(item{{}, {}, true});
        cv.notify_all();
    });
    std::thread reader2;
    auto stop_all = [&] {
        {
            std::lock_guard lock(m);
            stop = true;
        }
        cv.notify_all();
        reader.join();
        if (reader2.joinable()) reader2.join();
    };
    try {
        if (plan.parts() == 2) {
            reader2 = std::thread([&] {
                std::string cur;
                std::size_t n = 0;
                auto flush = [&] {
                    std::lock_guard lock(m);
                    if (stop) throw stopped{};
                    q2.push_back(std::exchange(cur, {}));
                    n = 0;
                    cv.notify_all();
                };
                try {
                    layers::stream_vector_part(
                        plan, 1, {},
                        [&](const feature_layer& schema) {
                            std::lock_guard lock(m);
                            schema2 = schema;
                        },
                        [&](feature&& f) {
                            encode_feature(cur, f, *schema2);
                            if (++n == batch_size) flush();
                        });
                    if (n) flush();
                } catch (const stopped&) {
                } catch (...) {
                    std::lock_guard lock(m);
                    error2 = std::current_exception();
                }
                std::lock_guard lock(m);
                end2 = true;
                cv.notify_all();
            });
        }
        std::optional<feature_layer> schema1;
        for (;;) {
            item it;
            {
                std::unique_lock lock(m);
                cv.wait(lock, [&] { return !q.empty(); });
                it = std::move(q.front());
                q.pop_front();
                cv.notify_all();
            }
            if (it.end) break;
            if (it.schema) {
                schema1 = it.schema;
                on_layer(*it.schema);
            }
            for (auto& f : it.batch) on_feature(std::move(f));
        }
        {
            std::lock_guard lock(m);
            if (error) std::rethrow_exception(error);
        }
        for (bool first = true; plan.parts() == 2; first = false) {
            std::string batch;
            {
                std::unique_lock lock(m);
                cv.wait(lock, [&] { return !q2.empty() || end2; });
                if (q2.empty()) {
                    if (error2) std::rethrow_exception(error2);
                    break;
                }
                batch = std::move(q2.front());
                q2.pop_front();
            }
            if (first && !(schema1 && same_schema(*schema1, *schema2)))
                throw processing_error(file + ": reading in two parts: the second part's schema is not the first's (internal error)");
            const char* p = batch.data();
            const char* end = p + batch.size();
            while (p < end) on_feature(decode_feature(p, end, *schema2));
        }
    } catch (...) {
        stop_all();
        throw;
    }
    stop_all();
}

// The same on the calling thread alone.
void stream_inline(const std::string& file, const std::vector<std::string>& preferred,
                   const std::function<void(const feature_layer&)>& on_layer, const std::function<void(feature&&)>& on_feature) {
    layers::stream_vector_part(layers::plan_vector_read(file, 1), 0, preferred, on_layer, on_feature);
}

} // namespace harbormap::cli
