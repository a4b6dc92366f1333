import { registerUser } from '@sf/testing';
import { coocookService } from '../fleet';
import { fetchBytes, pngImage, uploadFile } from '../storage/files-client';
import { StorageFleet, startStorageFleet } from '../storage-fleet';
import { recipeBody } from './coocook-helpers';

describe('CooCook image_url fields: a URL, or the id of a file the caller uploaded', () => {
  let env: StorageFleet;

  beforeAll(async () => {
    env = await startStorageFleet({ DEMO_MODE: 'false' }, [coocookService]);
  });
  afterAll(() => env?.close());

  it('stores an uploaded file’s URL for its id, and refuses someone else’s file with 422', async () => {
    const { api } = env;
    const owner = await registerUser(api);
    const other = await registerUser(api);
    const upload = await uploadFile(api, owner.accessToken, { name: 'dish.png', bytes: await pngImage(64, 48) }, 'image');
    expect(upload.status).toBe(201);
    const fileId: string = upload.body.file_id;

    const recipe = await api.post('/api/recipes', recipeBody({ image_url: fileId }), { token: owner.accessToken });
    expect(recipe.status).toBe(201);
    expect(recipe.body.image_url).toMatch(/^https?:\/\//);
    const image = await fetchBytes(recipe.body.image_url);
    expect(image.status).toBe(200);
    expect(image.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');

    const chef = await api.post(
      '/api/coocook/chef/register',
      { name: 'Pic', cuisine: 'Italian', location: 'Seoul', hourly_rate_krw: 50_000, image_url: fileId },
      { token: other.accessToken },
    );
    expect(chef.status).toBe(422);
    expect(chef.body.error.details).toHaveProperty('image_url');

    const plain = await api.post('/api/recipes', recipeBody({ image_url: 'https://cdn.example/dish.jpg' }), { token: other.accessToken });
    expect(plain.body.image_url).toBe('https://cdn.example/dish.jpg');
  });
});
