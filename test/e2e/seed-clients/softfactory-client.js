'use strict';
// The JavaScript/Node.js client of seeds/000 ("SoftFactory API Integration Guide"), copied
// verbatim between the markers below; it must work unchanged against the gateway.
// Do not edit the class to make a test pass: fix the gateway instead.

// ---- BEGIN VERBATIM seeds/000 JavaScript SoftFactoryClient ----
class SoftFactoryClient {
    constructor(baseUrl, email, password) {
        this.baseUrl = baseUrl;
        this.email = email;
        this.password = password;
        this.accessToken = null;
        this.refreshToken = null;
        this.tokenExpiry = null;
    }

    async login() {
        const response = await fetch(`${this.baseUrl}/api/auth/login`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
                email: this.email,
                password: this.password
            })
        });

        if (response.ok) {
            const data = await response.json();
            this.accessToken = data.access_token;
            this.refreshToken = data.refresh_token;
            this.tokenExpiry = new Date(Date.now() + 3600000); // 1 hour
            return true;
        }
        return false;
    }

    async refreshTokens() {
        const response = await fetch(`${this.baseUrl}/api/auth/refresh`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ refresh_token: this.refreshToken })
        });

        if (response.ok) {
            const data = await response.json();
            this.accessToken = data.access_token;
            this.refreshToken = data.refresh_token;
            this.tokenExpiry = new Date(Date.now() + 3600000);
            return true;
        }
        return false;
    }

    async request(method, endpoint, body = null) {
        // Check if token needs refresh
        if (this.tokenExpiry && new Date() > this.tokenExpiry) {
            await this.refreshTokens();
        }

        const options = {
            method,
            headers: {
                'Content-Type': 'application/json',
                'Authorization': `Bearer ${this.accessToken}`
            }
        };

        if (body) options.body = JSON.stringify(body);

        const response = await fetch(`${this.baseUrl}${endpoint}`, options);
        return response.json();
    }

    get(endpoint) {
        return this.request('GET', endpoint);
    }

    post(endpoint, body) {
        return this.request('POST', endpoint, body);
    }
}
// ---- END VERBATIM ----

module.exports = { SoftFactoryClient };
