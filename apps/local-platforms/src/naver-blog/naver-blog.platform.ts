import type { FastifyInstance } from 'fastify';
import escapeHtml from 'escape-html';
import type { PlatformModule } from '../platform-module';

interface Blog {
  blogId: string;
  token: string;
  neighborCount: number;
  posts: Map<string, string>;
}

/**
 * Naver blogs: a profile page per blog (`/<blog id>`), post pages (`/<blog id>/<log no>`), the
 * API `GET /api/v1/me` that names the blog a token belongs to, and a control API to create
 * blogs and posts (`POST /_control/blogs`, `POST /_control/blogs/<id>/posts`).
 */
export const naverBlog: PlatformModule = {
  name: 'naver-blog',
  register(app: FastifyInstance) {
    const blogs = new Map<string, Blog>();
    let nextLogNo = 223_000_000_001;
    const prefix = app.prefix;
    app.get('/robots.txt', async (_req, reply) => reply.type('text/plain').send('User-agent: *\nAllow: /\n'));
    app.post('/_control/blogs', async (req, reply) => {
      const body = (req.body ?? {}) as { blog_id?: string; token?: string; neighbor_count?: number };
      if (!body.blog_id || !body.token) return reply.code(400).send({ error: 'blog_id and token are required' });
      const blog = { blogId: body.blog_id, token: body.token, neighborCount: Number(body.neighbor_count ?? 0), posts: new Map() };
      blogs.set(blog.blogId, blog);
      return reply.code(201).send({ blog_id: blog.blogId, neighbor_count: blog.neighborCount });
    });
    app.post('/_control/blogs/:blogId/posts', async (req, reply) => {
      const blog = blogs.get((req.params as { blogId: string }).blogId);
      if (!blog) return reply.code(404).send({ error: 'no such blog' });
      const logNo = String(nextLogNo++);
      blog.posts.set(logNo, String((req.body as { title?: string } | undefined)?.title ?? '리뷰'));
      return reply.code(201).send({ log_no: logNo, path: `${prefix}/${blog.blogId}/${logNo}` });
    });
    app.get('/api/v1/me', async (req, reply) => {
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      const blog = token ? [...blogs.values()].find((b) => b.token === token) : undefined;
      if (!blog) return reply.code(401).send({ error: 'invalid_token' });
      return { blog_id: blog.blogId, neighbor_count: blog.neighborCount };
    });
    app.get('/:blogId', async (req, reply) => {
      const blog = blogs.get((req.params as { blogId: string }).blogId);
      if (!blog) return reply.code(404).type('text/html').send('<html><body>블로그가 없습니다</body></html>');
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<html><body><div class="blog-profile" data-blog-id="${escapeHtml(blog.blogId)}"><span class="neighbor-count">${blog.neighborCount}</span></div></body></html>`,
        );
    });
    app.get('/:blogId/:logNo', async (req, reply) => {
      const { blogId, logNo } = req.params as { blogId: string; logNo: string };
      const title = blogs.get(blogId)?.posts.get(logNo);
      if (title === undefined) return reply.code(404).type('text/html').send('<html><body>글이 없습니다</body></html>');
      return reply.type('text/html; charset=utf-8').send(`<html><body><h3 class="se-title">${escapeHtml(title)}</h3></body></html>`);
    });
  },
};
